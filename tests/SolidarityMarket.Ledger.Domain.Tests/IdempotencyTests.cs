using SolidarityMarket.Ledger.Domain;

namespace SolidarityMarket.Ledger.Domain.Tests;

public sealed class IdempotencyTests
{
    private readonly LedgerFixture f = new();
    private readonly Guid payer;
    private readonly Guid payee;

    public IdempotencyTests()
    {
        payer = f.Open();
        payee = f.Open();
    }

    [Fact]
    public void A_retry_with_identical_fields_replays_the_stored_outcome_and_changes_nothing()
    {
        var request = TransferRequest.Direct(Guid.NewGuid(), payer, payee, 250, memo: "apples", orderReference: "order-1");
        var first = f.Book.Submit(request, LedgerFixture.T0);
        Assert.True(first.IsAccepted);
        Assert.False(first.IsReplay);

        var before = BookSnapshot.Of(f.Book);
        var retry = f.Book.Submit(request with { }, LedgerFixture.T0.AddMinutes(5));
        Assert.True(retry.IsAccepted);
        Assert.True(retry.IsReplay);
        Assert.Equal(first.Transfer, retry.Transfer);
        BookSnapshot.Of(f.Book).AssertSameAs(before);
        Assert.Equal(-250, f.Account(payer).Balance);
    }

    [Fact]
    public void A_replay_is_returned_even_when_the_request_would_now_be_refused()
    {
        var request = TransferRequest.Direct(Guid.NewGuid(), payer, payee, 250);
        Assert.True(f.Book.Submit(request, LedgerFixture.T0).IsAccepted);
        Assert.True(f.Book.Freeze(payer).IsAccepted);
        Assert.True(f.Book.Submit(request, LedgerFixture.T0).IsReplay);
    }

    [Fact]
    public void The_same_id_with_any_different_field_is_a_conflict()
    {
        var request = TransferRequest.Direct(Guid.NewGuid(), payer, payee, 250, memo: "apples");
        Assert.True(f.Book.Submit(request, LedgerFixture.T0).IsAccepted);
        var other = f.Open();

        f.Refused(request with { Amount = 251 }, RejectionReason.IdAlreadyUsedWithDifferentFields);
        f.Refused(request with { Memo = "pears" }, RejectionReason.IdAlreadyUsedWithDifferentFields);
        f.Refused(request with { CreditAccountId = other }, RejectionReason.IdAlreadyUsedWithDifferentFields);
        f.Refused(request with { Code = TransferCode.Settlement }, RejectionReason.IdAlreadyUsedWithDifferentFields);
        f.Refused(request with { OrderReference = "x" }, RejectionReason.IdAlreadyUsedWithDifferentFields);
        f.Refused(request with { Kind = TransferKind.Pending }, RejectionReason.IdAlreadyUsedWithDifferentFields);
        Assert.Equal(RejectionCategory.Conflict, RejectionReasons.CategoryOf(RejectionReason.IdAlreadyUsedWithDifferentFields));
    }

    [Fact]
    public void A_transfer_id_cannot_be_reused_for_a_post_or_reversal()
    {
        var paid = f.Pay(payer, payee, 10);
        var hold = f.HoldFor(payer, payee, 10);
        f.Refused(TransferRequest.PostHold(paid.Id, hold.Id), RejectionReason.IdAlreadyUsedWithDifferentFields);
        f.Refused(TransferRequest.Reversal(hold.Id, paid.Id), RejectionReason.IdAlreadyUsedWithDifferentFields, role: RequesterRole.Administrator);
    }

    [Fact]
    public void A_refused_request_is_not_remembered_so_its_retry_can_succeed_later()
    {
        var limited = f.Open(debitLimit: 100);
        var request = TransferRequest.Direct(Guid.NewGuid(), limited, payee, 150);
        f.Refused(request, RejectionReason.ExceedsDebitLimit);
        Assert.True(f.Book.ChangeLimits(limited, 200, AccountState.NoCeiling).IsAccepted);
        var retry = f.Book.Submit(request, LedgerFixture.T0);
        Assert.True(retry.IsAccepted);
        Assert.False(retry.IsReplay);
    }

    [Fact]
    public void Posting_and_voiding_are_idempotent_too()
    {
        var hold = f.HoldFor(payer, payee, 100);
        var post = TransferRequest.PostHold(Guid.NewGuid(), hold.Id, 60);
        Assert.True(f.Book.Submit(post, LedgerFixture.T0).IsAccepted);
        var before = BookSnapshot.Of(f.Book);
        Assert.True(f.Book.Submit(post, LedgerFixture.T0).IsReplay);
        BookSnapshot.Of(f.Book).AssertSameAs(before);
        f.Refused(post with { Amount = 70 }, RejectionReason.IdAlreadyUsedWithDifferentFields);
        f.Refused(TransferRequest.PostHold(Guid.NewGuid(), hold.Id, 60), RejectionReason.PendingAlreadyPosted);
    }

    [Fact]
    public void A_linked_batch_retried_whole_is_a_replay()
    {
        var batch = new[]
        {
            TransferRequest.Direct(Guid.NewGuid(), payer, payee, 10),
            TransferRequest.Direct(Guid.NewGuid(), payee, payer, 3),
        };
        var first = f.Book.SubmitLinked(batch, LedgerFixture.T0);
        Assert.True(first.IsAccepted);
        var before = BookSnapshot.Of(f.Book);
        var retry = f.Book.SubmitLinked(batch, LedgerFixture.T0);
        Assert.True(retry.IsReplay);
        Assert.Equal(first.Transfers, retry.Transfers);
        BookSnapshot.Of(f.Book).AssertSameAs(before);
    }

    [Fact]
    public void A_linked_batch_mixing_applied_and_new_ids_is_refused()
    {
        var applied = TransferRequest.Direct(Guid.NewGuid(), payer, payee, 10);
        Assert.True(f.Book.Submit(applied, LedgerFixture.T0).IsAccepted);
        var before = BookSnapshot.Of(f.Book);

        var mixed = f.Book.SubmitLinked([TransferRequest.Direct(Guid.NewGuid(), payer, payee, 1), applied], LedgerFixture.T0);
        Assert.Equal(RejectionReason.LinkedBatchFailed, mixed.Rejection!.Reason);
        Assert.Equal(1, mixed.Rejection.FailedItemIndex);
        Assert.Equal(RejectionReason.IdAlreadyUsedInAnotherBatch, mixed.Rejection.RootReason);

        var conflicting = f.Book.SubmitLinked([applied with { Amount = 11 }], LedgerFixture.T0);
        Assert.Equal(RejectionReason.IdAlreadyUsedWithDifferentFields, conflicting.Rejection!.RootReason);
        BookSnapshot.Of(f.Book).AssertSameAs(before);
    }
}
