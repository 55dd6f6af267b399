using SolidarityMarket.Ledger.Domain;

namespace SolidarityMarket.Ledger.Domain.Tests;

public sealed class ReversalTests
{
    private readonly LedgerFixture f = new(LedgerPolicy.Default with { PayeeReversalWindow = TimeSpan.FromDays(7) });
    private readonly Guid payer;
    private readonly Guid payee;

    public ReversalTests()
    {
        payer = f.Open();
        payee = f.Open();
    }

    [Fact]
    public void A_reversal_moves_the_amount_back_and_links_both_ways()
    {
        var original = f.Pay(payer, payee, 300);
        var reversal = f.Book.Reverse(Guid.NewGuid(), original.Id, LedgerFixture.T0.AddHours(1), RequesterRole.Administrator, "wrong buyer");
        Assert.True(reversal.IsAccepted, reversal.ToString());

        Assert.Equal(TransferCode.Reversal, reversal.Transfer.Code);
        Assert.Equal(original.Id, reversal.Transfer.OriginalId);
        Assert.Equal(payee, reversal.Transfer.DebitAccountId);
        Assert.Equal(payer, reversal.Transfer.CreditAccountId);
        Assert.Equal(300, reversal.Transfer.Amount);
        Assert.Equal(reversal.Transfer.Id, f.TransferOf(original.Id).ReversedById);
        Assert.Equal(0, f.Account(payer).Balance);
        Assert.Equal(0, f.Account(payee).Balance);
        Assert.Equal(2, f.Book.Journal.Count);
        Assert.Equal(original.Id, f.Book.Journal[1].RelatedTransferId);
        Assert.True(f.Book.Verify().IsIntact);
    }

    [Fact]
    public void The_post_of_a_hold_can_be_reversed()
    {
        var hold = f.HoldFor(payer, payee, 300);
        var post = f.Book.Post(Guid.NewGuid(), hold.Id, LedgerFixture.T0, 200).Transfer;
        Assert.True(f.Book.Reverse(Guid.NewGuid(), post.Id, LedgerFixture.T0, RequesterRole.Administrator).IsAccepted);
        Assert.Equal(0, f.Account(payer).Balance);
    }

    [Fact]
    public void Never_twice_never_a_hold_or_void_never_a_reversal()
    {
        var original = f.Pay(payer, payee, 300);
        var reversal = f.Book.Reverse(Guid.NewGuid(), original.Id, LedgerFixture.T0, RequesterRole.Administrator).Transfer;
        var hold = f.HoldFor(payer, payee, 10);
        var voidHold = f.HoldFor(payer, payee, 10);
        var voided = f.Book.Void(Guid.NewGuid(), voidHold.Id, LedgerFixture.T0).Transfer;

        f.Refused(TransferRequest.Reversal(Guid.NewGuid(), original.Id), RejectionReason.AlreadyReversed, role: RequesterRole.Administrator);
        f.Refused(TransferRequest.Reversal(Guid.NewGuid(), reversal.Id), RejectionReason.CannotReverseReversal, role: RequesterRole.Administrator);
        f.Refused(TransferRequest.Reversal(Guid.NewGuid(), hold.Id), RejectionReason.CannotReversePending, role: RequesterRole.Administrator);
        f.Refused(TransferRequest.Reversal(Guid.NewGuid(), voided.Id), RejectionReason.CannotReversePending, role: RequesterRole.Administrator);
        f.Refused(TransferRequest.Reversal(Guid.NewGuid(), Guid.NewGuid()), RejectionReason.OriginalNotFound, role: RequesterRole.Administrator);
    }

    [Fact]
    public void The_payee_may_reverse_within_the_window_others_never()
    {
        var original = f.Pay(payer, payee, 300);
        f.Refused(TransferRequest.Reversal(Guid.NewGuid(), original.Id), RejectionReason.ReversalNotPermitted, role: RequesterRole.Other);
        f.Refused(TransferRequest.Reversal(Guid.NewGuid(), original.Id), RejectionReason.ReversalWindowClosed, LedgerFixture.T0.AddDays(7).AddTicks(10), RequesterRole.Payee);
        Assert.True(f.Book.Reverse(Guid.NewGuid(), original.Id, LedgerFixture.T0.AddDays(7), RequesterRole.Payee).IsAccepted);
    }

    [Fact]
    public void An_administrator_may_reverse_after_the_window()
    {
        var original = f.Pay(payer, payee, 300);
        Assert.True(f.Book.Reverse(Guid.NewGuid(), original.Id, LedgerFixture.T0.AddYears(1), RequesterRole.Administrator).IsAccepted);
    }

    [Fact]
    public void A_reversal_respects_limits_like_any_transfer()
    {
        var spender = f.Open(debitLimit: 100);
        var original = f.Pay(payer, spender, 300);
        f.Pay(spender, payer, 350); // spender is now at -50; paying back 300 would take it to -350
        f.Refused(TransferRequest.Reversal(Guid.NewGuid(), original.Id), RejectionReason.ExceedsDebitLimit, role: RequesterRole.Administrator);
        Assert.True(f.Book.Freeze(spender).IsAccepted);
        f.Refused(TransferRequest.Reversal(Guid.NewGuid(), original.Id), RejectionReason.AccountFrozen, role: RequesterRole.Administrator);
    }

    [Fact]
    public void Reversal_fields_given_must_match_the_original()
    {
        var original = f.Pay(payer, payee, 300);
        f.Refused(TransferRequest.Reversal(Guid.NewGuid(), original.Id) with { Amount = 100 }, RejectionReason.DoesNotMatchReferencedTransfer, role: RequesterRole.Administrator);
        f.Refused(TransferRequest.Reversal(Guid.NewGuid(), original.Id) with { DebitAccountId = payer }, RejectionReason.DoesNotMatchReferencedTransfer, role: RequesterRole.Administrator);
        var exact = TransferRequest.Reversal(Guid.NewGuid(), original.Id) with { DebitAccountId = payee, CreditAccountId = payer, Amount = 300 };
        Assert.True(f.Book.Submit(exact, LedgerFixture.T0, RequesterRole.Administrator).IsAccepted);
    }

    [Fact]
    public void A_fee_bearing_trade_is_reversed_whole_in_a_linked_batch()
    {
        var operating = f.Open(kind: AccountKind.Operating);
        var trade = f.Book.SubmitLinked(
            [TransferRequest.Direct(Guid.NewGuid(), payer, payee, 1_000), TransferRequest.Direct(Guid.NewGuid(), payer, operating, 10, TransferCode.Fee)],
            LedgerFixture.T0).Transfers;
        var reversed = f.Book.SubmitLinked(
            [TransferRequest.Reversal(Guid.NewGuid(), trade[0].Id), TransferRequest.Reversal(Guid.NewGuid(), trade[1].Id)],
            LedgerFixture.T0,
            RequesterRole.Administrator);
        Assert.True(reversed.IsAccepted, reversed.ToString());
        Assert.Equal(0, f.Account(payer).Balance);
        Assert.Equal(0, f.Account(operating).Balance);
    }
}
