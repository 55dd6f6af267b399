using SolidarityMarket.Ledger.Domain;

namespace SolidarityMarket.Ledger.Domain.Tests;

/// <summary>Well-formed requests the money rules refuse, each with its named reason and no change.</summary>
public sealed class RuleRejectionTests
{
    private readonly LedgerFixture f = new();

    [Fact]
    public void Unknown_payer_or_payee_is_refused()
    {
        var known = f.Open();
        var payerMissing = f.Refused(TransferRequest.Direct(Guid.NewGuid(), Guid.NewGuid(), known, 5), RejectionReason.AccountNotFound);
        Assert.Contains("payer", payerMissing.Detail, StringComparison.Ordinal);
        var payeeMissing = f.Refused(TransferRequest.Direct(Guid.NewGuid(), known, Guid.NewGuid(), 5), RejectionReason.AccountNotFound);
        Assert.Contains("payee", payeeMissing.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Accounts_of_different_exchanges_do_not_transact_directly()
    {
        var food = f.Open("food");
        var care = f.Open("care");
        f.Refused(TransferRequest.Direct(Guid.NewGuid(), food, care, 5), RejectionReason.DifferentExchanges);
        f.Refused(TransferRequest.Hold(Guid.NewGuid(), food, care, 5, null), RejectionReason.DifferentExchanges);
    }

    [Fact]
    public void Payer_cannot_go_below_its_floor()
    {
        var payer = f.Open(debitLimit: 1_000);
        var payee = f.Open();
        f.Pay(payer, payee, 600);
        f.Refused(TransferRequest.Direct(Guid.NewGuid(), payer, payee, 401), RejectionReason.ExceedsDebitLimit);
        f.Pay(payer, payee, 400);
        Assert.Equal(-1_000, f.Account(payer).Balance);
        Assert.Equal(0, f.Account(payer).AvailableToSpend);
    }

    [Fact]
    public void Holds_count_against_the_payers_floor()
    {
        var payer = f.Open(debitLimit: 1_000);
        var payee = f.Open();
        f.HoldFor(payer, payee, 700);
        Assert.Equal(300, f.Account(payer).AvailableToSpend);
        f.Refused(TransferRequest.Direct(Guid.NewGuid(), payer, payee, 301), RejectionReason.ExceedsDebitLimit);
        f.Refused(TransferRequest.Hold(Guid.NewGuid(), payer, payee, 301, null), RejectionReason.ExceedsDebitLimit);
    }

    [Fact]
    public void Payee_cannot_go_above_its_ceiling_counting_holds_in_its_favour()
    {
        var payer = f.Open(debitLimit: 10_000);
        var payee = f.Open(debitLimit: 0, creditLimit: 1_000);
        f.Pay(payer, payee, 500);
        f.HoldFor(payer, payee, 400);
        Assert.Equal(100, f.Account(payee).RoomToReceive);
        f.Refused(TransferRequest.Direct(Guid.NewGuid(), payer, payee, 101), RejectionReason.ExceedsCreditLimit);
        f.Pay(payer, payee, 100);
    }

    [Fact]
    public void Frozen_accounts_neither_pay_nor_receive()
    {
        var payer = f.Open();
        var payee = f.Open();
        Assert.True(f.Book.Freeze(payer).IsAccepted);
        Assert.Contains("payer", f.Refused(TransferRequest.Direct(Guid.NewGuid(), payer, payee, 5), RejectionReason.AccountFrozen).Detail, StringComparison.Ordinal);
        Assert.True(f.Book.Unfreeze(payer).IsAccepted);
        Assert.True(f.Book.Freeze(payee).IsAccepted);
        Assert.Contains("payee", f.Refused(TransferRequest.Hold(Guid.NewGuid(), payer, payee, 5, null), RejectionReason.AccountFrozen).Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Only_a_write_off_from_the_reserve_of_at_most_the_debt_reaches_a_frozen_member()
    {
        var debtor = f.Open(debitLimit: 10_000);
        var creditor = f.Open();
        var reserve = f.Open(debitLimit: 100_000, kind: AccountKind.Reserve);
        f.Pay(debtor, creditor, 3_000);
        Assert.True(f.Book.Freeze(debtor).IsAccepted);

        f.Refused(TransferRequest.Direct(Guid.NewGuid(), reserve, debtor, 3_001, TransferCode.WriteOff), RejectionReason.AccountFrozen); // past zero
        f.Refused(TransferRequest.Direct(Guid.NewGuid(), reserve, debtor, 100, TransferCode.Trade), RejectionReason.AccountFrozen); // not a write-off
        f.Refused(TransferRequest.Direct(Guid.NewGuid(), creditor, debtor, 100, TransferCode.WriteOff), RejectionReason.AccountFrozen); // not from the reserve
        f.Refused(TransferRequest.Hold(Guid.NewGuid(), reserve, debtor, 100, null, TransferCode.WriteOff), RejectionReason.AccountFrozen); // a hold
        Assert.Null(f.Book.Submit(TransferRequest.Direct(Guid.NewGuid(), reserve, debtor, 3_000, TransferCode.WriteOff), LedgerFixture.T0).Rejection);

        Assert.Equal((0L, AccountStatus.Frozen, -3_000L), (f.Account(debtor).Balance, f.Account(debtor).Status, f.Account(reserve).Balance));
        f.Refused(TransferRequest.Direct(Guid.NewGuid(), reserve, debtor, 1, TransferCode.WriteOff), RejectionReason.AccountFrozen); // no debt left
    }

    [Fact]
    public void Closed_accounts_neither_pay_nor_receive()
    {
        var payer = f.Open();
        var closed = f.Open();
        Assert.True(f.Book.Close(closed).IsAccepted);
        f.Refused(TransferRequest.Direct(Guid.NewGuid(), payer, closed, 5), RejectionReason.AccountClosed);
        f.Refused(TransferRequest.Direct(Guid.NewGuid(), closed, payer, 5), RejectionReason.AccountClosed);
        f.RefusedAccount(b => b.Freeze(closed), RejectionReason.AccountClosed);
        f.RefusedAccount(b => b.ChangeLimits(closed, 1, 1), RejectionReason.AccountClosed);
    }

    [Fact]
    public void Amounts_beyond_64_bits_are_refused_as_overflow()
    {
        var payer = f.Open(debitLimit: long.MaxValue);
        var payee = f.Open(debitLimit: 0, creditLimit: AccountState.NoCeiling);
        f.Pay(payer, payee, long.MaxValue);
        Assert.Equal(long.MaxValue, f.Account(payee).Balance);
        var other = f.Open(debitLimit: 10);
        f.Refused(TransferRequest.Direct(Guid.NewGuid(), other, payee, 1), RejectionReason.Overflow);
        f.Refused(TransferRequest.Hold(Guid.NewGuid(), other, payee, 1, null), RejectionReason.Overflow);
        // The payer is at -long.MaxValue: its floor, so one more unit is a limit breach, not an overflow.
        f.Refused(TransferRequest.Direct(Guid.NewGuid(), payer, other, 1), RejectionReason.ExceedsDebitLimit);
        Assert.True(f.Book.Verify().IsIntact, f.Book.Verify().ToString());
    }

    [Fact]
    public void Hold_totals_beyond_64_bits_are_refused_as_overflow()
    {
        var payer = f.Open(debitLimit: long.MaxValue);
        var payee = f.Open(debitLimit: long.MaxValue);
        f.Pay(payee, payer, long.MaxValue); // payer now at +max, so its available-to-spend exceeds 64 bits
        f.HoldFor(payer, payee, long.MaxValue);
        f.Refused(TransferRequest.Hold(Guid.NewGuid(), payer, payee, 1, null), RejectionReason.Overflow);
    }

    [Fact]
    public void Limits_cannot_be_set_below_what_is_already_used()
    {
        var payer = f.Open(debitLimit: 1_000);
        var payee = f.Open(debitLimit: 0, creditLimit: 5_000);
        f.Pay(payer, payee, 600);
        f.HoldFor(payer, payee, 100);
        f.RefusedAccount(b => b.ChangeLimits(payer, 699, AccountState.NoCeiling), RejectionReason.LimitBelowCurrentUsage);
        f.RefusedAccount(b => b.ChangeLimits(payee, 0, 699), RejectionReason.LimitBelowCurrentUsage);
        Assert.True(f.Book.ChangeLimits(payer, 700, AccountState.NoCeiling).IsAccepted);
        Assert.True(f.Book.ChangeLimits(payee, 0, 700).IsAccepted);
        f.RefusedAccount(b => b.ChangeLimits(payer, -1, 0), RejectionReason.InvalidLimit);
        f.RefusedAccount(b => b.ChangeLimits(Guid.NewGuid(), 1, 1), RejectionReason.AccountNotFound);
    }

    [Fact]
    public void An_exchanges_own_accounts_cannot_be_closed_even_at_zero()
    {
        foreach (var kind in new[] { AccountKind.Operating, AccountKind.Clearing, AccountKind.Reserve })
        {
            var system = f.Open(kind: kind);
            f.RefusedAccount(book => book.Close(system), RejectionReason.SystemAccountCannotBeClosed);
            Assert.Equal(AccountStatus.Active, f.Book.FindAccount(system)!.Status);
        }
    }

    [Fact]
    public void Only_an_account_at_zero_without_holds_can_be_closed()
    {
        var a = f.Open();
        var b = f.Open();
        f.Pay(a, b, 10);
        f.RefusedAccount(book => book.Close(a), RejectionReason.AccountNotZero);
        f.Pay(b, a, 10);
        var hold = f.HoldFor(a, b, 5);
        f.RefusedAccount(book => book.Close(a), RejectionReason.AccountHasOpenHolds);
        f.RefusedAccount(book => book.Close(b), RejectionReason.AccountHasOpenHolds);
        Assert.True(f.Book.Void(Guid.NewGuid(), hold.Id, LedgerFixture.T0).IsAccepted);
        Assert.True(f.Book.Close(a).IsAccepted);
        Assert.True(f.Book.Close(a).IsReplay);
        f.RefusedAccount(book => book.Close(Guid.NewGuid()), RejectionReason.AccountNotFound);
    }

    [Fact]
    public void An_account_with_open_payment_requests_does_not_close_and_the_refusal_names_them()
    {
        var a = f.Open();
        var requests = Enumerable.Range(0, 12).Select(_ => Guid.NewGuid()).ToList();

        var refused = f.RefusedAccount(book => book.Close(a, requests), RejectionReason.AccountHasOpenPaymentRequests);

        Assert.Contains(requests[0].ToString(), refused.Detail, StringComparison.Ordinal);
        Assert.Contains(requests[9].ToString(), refused.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(requests[10].ToString(), refused.Detail, StringComparison.Ordinal);
        Assert.Contains("12 open or accepted payment request(s)", refused.Detail, StringComparison.Ordinal);
        Assert.Contains("and 2 more", refused.Detail, StringComparison.Ordinal);
        Assert.Equal(RejectionCategory.RuleViolation, RejectionReasons.CategoryOf(RejectionReason.AccountHasOpenPaymentRequests));
        Assert.True(f.Book.Close(a, []).IsAccepted);
    }

    [Fact]
    public void Opening_accounts_validates_the_request()
    {
        f.RefusedAccount(b => b.OpenAccount(new OpenAccountRequest(Guid.Empty, "food", AccountKind.Member, 0)), RejectionReason.MissingId);
        f.RefusedAccount(b => b.OpenAccount(new OpenAccountRequest(Guid.NewGuid(), "", AccountKind.Member, 0)), RejectionReason.InvalidExchangeId);
        f.RefusedAccount(b => b.OpenAccount(new OpenAccountRequest(Guid.NewGuid(), new string('x', 65), AccountKind.Member, 0)), RejectionReason.InvalidExchangeId);
        f.RefusedAccount(b => b.OpenAccount(new OpenAccountRequest(Guid.NewGuid(), "food", (AccountKind)9, 0)), RejectionReason.UnknownAccountKind);
        f.RefusedAccount(b => b.OpenAccount(new OpenAccountRequest(Guid.NewGuid(), "food", AccountKind.Member, -1)), RejectionReason.InvalidLimit);
        f.RefusedAccount(b => b.OpenAccount(new OpenAccountRequest(Guid.NewGuid(), "food", AccountKind.Member, 0, -1)), RejectionReason.InvalidLimit);

        var id = Guid.NewGuid();
        Assert.True(f.Book.OpenAccount(new OpenAccountRequest(id, "food", AccountKind.Member, 100)).IsAccepted);
        Assert.True(f.Book.OpenAccount(new OpenAccountRequest(id, "food", AccountKind.Member, 100)).IsReplay);
        f.RefusedAccount(b => b.OpenAccount(new OpenAccountRequest(id, "food", AccountKind.Member, 200)), RejectionReason.IdAlreadyUsedWithDifferentFields);
    }

    [Fact]
    public void A_failing_item_fails_the_whole_linked_batch_and_names_its_index()
    {
        var payer = f.Open(debitLimit: 1_000);
        var payee = f.Open();
        var before = BookSnapshot.Of(f.Book);
        var result = f.Book.SubmitLinked(
            [
                TransferRequest.Direct(Guid.NewGuid(), payer, payee, 300),
                TransferRequest.Hold(Guid.NewGuid(), payer, payee, 300, TimeSpan.FromHours(1)),
                TransferRequest.Direct(Guid.NewGuid(), payer, payee, 401),
            ],
            LedgerFixture.T0);

        Assert.False(result.IsAccepted);
        Assert.Equal(RejectionReason.LinkedBatchFailed, result.Rejection!.Reason);
        Assert.Equal(2, result.Rejection.FailedItemIndex);
        Assert.Equal(RejectionReason.ExceedsDebitLimit, result.Rejection.Cause!.Reason);
        BookSnapshot.Of(f.Book).AssertSameAs(before);

        // The same batch within the floor goes through as a whole.
        var ok = f.Book.SubmitLinked(
            [
                TransferRequest.Direct(Guid.NewGuid(), payer, payee, 300),
                TransferRequest.Hold(Guid.NewGuid(), payer, payee, 300, TimeSpan.FromHours(1)),
                TransferRequest.Direct(Guid.NewGuid(), payer, payee, 400),
            ],
            LedgerFixture.T0);
        Assert.True(ok.IsAccepted, ok.ToString());
        Assert.Equal(3, ok.Transfers.Count);
        Assert.Equal(0, f.Account(payer).AvailableToSpend);
    }

    [Fact]
    public void A_rolled_back_batch_leaves_no_trace_in_the_journal_chain()
    {
        var payer = f.Open(debitLimit: 100);
        var payee = f.Open();
        f.Pay(payer, payee, 10);
        var head = f.Book.GetHead("food");
        var failed = f.Book.SubmitLinked([TransferRequest.Direct(Guid.NewGuid(), payer, payee, 10), TransferRequest.Direct(Guid.NewGuid(), payer, payee, 1_000)], LedgerFixture.T0);
        Assert.False(failed.IsAccepted);
        Assert.Equal(head, f.Book.GetHead("food"));
        f.Pay(payer, payee, 10);
        Assert.Equal(head.LastSequence + 1, f.Book.GetHead("food").LastSequence);
        Assert.True(f.Book.Verify().IsIntact, f.Book.Verify().ToString());
    }
}
