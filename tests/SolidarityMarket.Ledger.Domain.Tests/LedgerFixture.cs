using SolidarityMarket.Ledger.Domain;

namespace SolidarityMarket.Ledger.Domain.Tests;

/// <summary>A small in-memory ledger with helpers, for focused tests.</summary>
internal sealed class LedgerFixture
{
    public static readonly DateTimeOffset T0 = new(2026, 3, 1, 9, 30, 0, TimeSpan.Zero);

    public LedgerFixture(LedgerPolicy? policy = null)
    {
        Book = new LedgerBook(policy);
    }

    public LedgerBook Book { get; }

    public Guid Open(string exchange = "food", long debitLimit = 10_000, long creditLimit = AccountState.NoCeiling, AccountKind kind = AccountKind.Member)
    {
        var id = Guid.NewGuid();
        var result = Book.OpenAccount(new OpenAccountRequest(id, exchange, kind, debitLimit, creditLimit));
        Assert.True(result.IsAccepted, result.ToString());
        return id;
    }

    public Transfer Pay(Guid payer, Guid payee, long amount, DateTimeOffset? now = null)
    {
        var result = Book.Submit(TransferRequest.Direct(Guid.NewGuid(), payer, payee, amount), now ?? T0);
        Assert.True(result.IsAccepted, result.ToString());
        return result.Transfer;
    }

    public Transfer HoldFor(Guid payer, Guid payee, long amount, TimeSpan? timeout = null, DateTimeOffset? now = null)
    {
        var result = Book.Submit(TransferRequest.Hold(Guid.NewGuid(), payer, payee, amount, timeout), now ?? T0);
        Assert.True(result.IsAccepted, result.ToString());
        return result.Transfer;
    }

    public AccountState Account(Guid id) => Book.FindAccount(id) ?? throw new InvalidOperationException($"No account {id}");

    public Transfer TransferOf(Guid id) => Book.FindTransfer(id) ?? throw new InvalidOperationException($"No transfer {id}");

    /// <summary>Submits, expects the reason, and checks that nothing changed.</summary>
    public Rejection Refused(TransferRequest request, RejectionReason reason, DateTimeOffset? now = null, RequesterRole role = RequesterRole.Other)
    {
        var before = BookSnapshot.Of(Book);
        var result = Book.Submit(request, now ?? T0, role);
        Assert.False(result.IsAccepted, $"Expected {reason} but it was accepted.");
        Assert.Equal(reason, result.Rejection!.Reason);
        Assert.False(string.IsNullOrWhiteSpace(result.Rejection.Detail));
        BookSnapshot.Of(Book).AssertSameAs(before);
        return result.Rejection;
    }

    public Rejection RefusedAccount(Func<LedgerBook, AccountResult> command, RejectionReason reason)
    {
        var before = BookSnapshot.Of(Book);
        var result = command(Book);
        Assert.False(result.IsAccepted, $"Expected {reason} but it was accepted.");
        Assert.Equal(reason, result.Rejection!.Reason);
        BookSnapshot.Of(Book).AssertSameAs(before);
        return result.Rejection;
    }
}
