using SolidarityMarket.Ledger.Domain;

namespace SolidarityMarket.Ledger.Domain.Tests;

/// <summary>Malformed requests: refused from their shape alone, with a named reason, changing nothing.</summary>
public sealed class RequestRejectionTests
{
    private readonly LedgerFixture f = new();
    private readonly Guid payer;
    private readonly Guid payee;

    public RequestRejectionTests()
    {
        payer = f.Open();
        payee = f.Open();
    }

    [Fact]
    public void Empty_id_is_refused()
    {
        f.Refused(TransferRequest.Direct(Guid.Empty, payer, payee, 100), RejectionReason.MissingId);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(long.MinValue)]
    public void Zero_or_negative_amount_is_refused(long amount)
    {
        f.Refused(TransferRequest.Direct(Guid.NewGuid(), payer, payee, amount), RejectionReason.AmountMustBePositive);
        f.Refused(TransferRequest.Hold(Guid.NewGuid(), payer, payee, amount, null), RejectionReason.AmountMustBePositive);
    }

    [Fact]
    public void Negative_post_amount_is_refused()
    {
        var hold = f.HoldFor(payer, payee, 100);
        f.Refused(TransferRequest.PostHold(Guid.NewGuid(), hold.Id, -1), RejectionReason.AmountMustBePositive);
    }

    [Fact]
    public void Paying_oneself_is_refused()
    {
        f.Refused(TransferRequest.Direct(Guid.NewGuid(), payer, payer, 100), RejectionReason.SameAccount);
    }

    [Fact]
    public void Memo_over_the_limit_is_refused_and_at_the_limit_accepted()
    {
        f.Refused(TransferRequest.Direct(Guid.NewGuid(), payer, payee, 1, memo: new string('m', 501)), RejectionReason.MemoTooLong);
        Assert.True(f.Book.Submit(TransferRequest.Direct(Guid.NewGuid(), payer, payee, 1, memo: new string('m', 500)), LedgerFixture.T0).IsAccepted);
    }

    [Fact]
    public void Order_reference_over_the_limit_is_refused()
    {
        f.Refused(TransferRequest.Direct(Guid.NewGuid(), payer, payee, 1, orderReference: new string('o', 101)), RejectionReason.OrderReferenceTooLong);
    }

    [Fact]
    public void Text_that_cannot_be_stored_faithfully_is_refused()
    {
        // Built at run time: test-case serialization would repair broken surrogates before the test saw them.
        string[] unstorable = ["nul \0 inside", "lone " + (char)0xD800 + " surrogate", "reversed " + (char)0xDC00 + (char)0xD800 + " pair", "ends high " + (char)0xDBFF];
        foreach (var text in unstorable)
        {
            f.Refused(TransferRequest.Direct(Guid.NewGuid(), payer, payee, 1, memo: text), RejectionReason.TextNotStorable);
            f.Refused(TransferRequest.Direct(Guid.NewGuid(), payer, payee, 1, orderReference: text), RejectionReason.TextNotStorable);
        }
    }

    [Fact]
    public void Text_with_valid_surrogate_pairs_is_accepted()
    {
        Assert.True(f.Book.Submit(TransferRequest.Direct(Guid.NewGuid(), payer, payee, 1, memo: "tomatoes \U0001F345 für Café"), LedgerFixture.T0).IsAccepted);
        Assert.True(f.Book.Verify().IsIntact);
    }

    [Fact]
    public void Null_memo_is_refused()
    {
        f.Refused(TransferRequest.Direct(Guid.NewGuid(), payer, payee, 1) with { Memo = null! }, RejectionReason.TextNotStorable);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    [InlineData(400 * 24 * 3600)]
    public void Hold_timeout_must_be_positive_and_bounded(int seconds)
    {
        f.Refused(TransferRequest.Hold(Guid.NewGuid(), payer, payee, 10, TimeSpan.FromSeconds(seconds)), RejectionReason.InvalidTimeout);
    }

    [Fact]
    public void Timeout_on_anything_but_a_hold_is_refused()
    {
        f.Refused(TransferRequest.Direct(Guid.NewGuid(), payer, payee, 10) with { Timeout = TimeSpan.FromMinutes(1) }, RejectionReason.TimeoutOnlyForHolds);
        var hold = f.HoldFor(payer, payee, 10);
        f.Refused(TransferRequest.PostHold(Guid.NewGuid(), hold.Id) with { Timeout = TimeSpan.FromMinutes(1) }, RejectionReason.TimeoutOnlyForHolds);
    }

    [Fact]
    public void Post_void_and_reversal_need_their_reference()
    {
        f.Refused(new TransferRequest { Id = Guid.NewGuid(), Kind = TransferKind.PostPending }, RejectionReason.MissingReference);
        f.Refused(new TransferRequest { Id = Guid.NewGuid(), Kind = TransferKind.VoidPending, PendingId = Guid.Empty }, RejectionReason.MissingReference);
        f.Refused(new TransferRequest { Id = Guid.NewGuid(), Kind = TransferKind.Reversal, Code = TransferCode.Reversal }, RejectionReason.MissingReference);
    }

    [Fact]
    public void References_where_none_belong_are_refused()
    {
        f.Refused(TransferRequest.Direct(Guid.NewGuid(), payer, payee, 10) with { PendingId = Guid.NewGuid() }, RejectionReason.UnexpectedReference);
        f.Refused(TransferRequest.Hold(Guid.NewGuid(), payer, payee, 10, null) with { OriginalId = Guid.NewGuid() }, RejectionReason.UnexpectedReference);
        f.Refused(TransferRequest.PostHold(Guid.NewGuid(), Guid.NewGuid()) with { OriginalId = Guid.NewGuid() }, RejectionReason.UnexpectedReference);
        f.Refused(TransferRequest.Reversal(Guid.NewGuid(), Guid.NewGuid()) with { PendingId = Guid.NewGuid() }, RejectionReason.UnexpectedReference);
    }

    [Fact]
    public void Reversal_code_is_reserved_to_reversals()
    {
        f.Refused(TransferRequest.Direct(Guid.NewGuid(), payer, payee, 10, TransferCode.Reversal), RejectionReason.ReversalCodeReserved);
    }

    [Fact]
    public void Unknown_kind_or_code_is_refused()
    {
        f.Refused(TransferRequest.Direct(Guid.NewGuid(), payer, payee, 10) with { Kind = (TransferKind)42 }, RejectionReason.UnknownTransferKind);
        f.Refused(TransferRequest.Direct(Guid.NewGuid(), payer, payee, 10, (TransferCode)42), RejectionReason.UnknownTransferCode);
    }

    [Fact]
    public void Linked_batch_must_have_items_within_the_size_limit_and_distinct_ids()
    {
        var before = BookSnapshot.Of(f.Book);
        Assert.Equal(RejectionReason.EmptyBatch, f.Book.SubmitLinked([], LedgerFixture.T0).Rejection!.Reason);

        var tooMany = Enumerable.Range(0, 65).Select(_ => TransferRequest.Direct(Guid.NewGuid(), payer, payee, 1)).ToArray();
        Assert.Equal(RejectionReason.BatchTooLarge, f.Book.SubmitLinked(tooMany, LedgerFixture.T0).Rejection!.Reason);

        var id = Guid.NewGuid();
        var duplicate = f.Book.SubmitLinked([TransferRequest.Direct(id, payer, payee, 1), TransferRequest.Direct(id, payer, payee, 1)], LedgerFixture.T0).Rejection!;
        Assert.Equal(RejectionReason.LinkedBatchFailed, duplicate.Reason);
        Assert.Equal(1, duplicate.FailedItemIndex);
        Assert.Equal(RejectionReason.DuplicateIdInBatch, duplicate.RootReason);
        BookSnapshot.Of(f.Book).AssertSameAs(before);
    }

    [Fact]
    public void Categories_map_reasons_to_http_families()
    {
        Assert.Equal(RejectionCategory.InvalidRequest, RejectionReasons.CategoryOf(RejectionReason.MemoTooLong));
        Assert.Equal(RejectionCategory.InvalidRequest, RejectionReasons.CategoryOf(RejectionReason.AmountMustBePositive));
        Assert.Equal(RejectionCategory.NotFound, RejectionReasons.CategoryOf(RejectionReason.AccountNotFound));
        Assert.Equal(RejectionCategory.Conflict, RejectionReasons.CategoryOf(RejectionReason.IdAlreadyUsedWithDifferentFields));
        Assert.Equal(RejectionCategory.RuleViolation, RejectionReasons.CategoryOf(RejectionReason.ExceedsDebitLimit));
        Assert.Equal(RejectionCategory.RuleViolation, RejectionReasons.CategoryOf(RejectionReason.AccountHasOpenHolds));
        var linked = Rejection.LinkedBatchItemFailed(2, new Rejection(RejectionReason.AccountNotFound, "x"));
        Assert.Equal(RejectionCategory.NotFound, linked.Category);
    }
}
