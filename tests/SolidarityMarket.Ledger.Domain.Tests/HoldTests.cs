using SolidarityMarket.Ledger.Domain;

namespace SolidarityMarket.Ledger.Domain.Tests;

public sealed class HoldTests
{
    private readonly LedgerFixture f = new();
    private readonly Guid buyer;
    private readonly Guid seller;

    public HoldTests()
    {
        buyer = f.Open(debitLimit: 1_000);
        seller = f.Open();
    }

    [Fact]
    public void A_hold_reserves_without_moving_balances()
    {
        var hold = f.HoldFor(buyer, seller, 400, TimeSpan.FromHours(1));
        Assert.Equal(HoldStatus.Open, hold.HoldStatus);
        Assert.Equal(LedgerFixture.T0.AddHours(1), hold.ExpiresAt);
        Assert.Null(hold.JournalSequence);
        Assert.Equal(0, f.Account(buyer).Balance);
        Assert.Equal(400, f.Account(buyer).PendingDebits);
        Assert.Equal(400, f.Account(seller).PendingCredits);
        Assert.Equal(600, f.Account(buyer).AvailableToSpend);
        Assert.Empty(f.Book.Journal);
    }

    [Fact]
    public void Posting_the_full_hold_moves_the_amount_and_journals_it()
    {
        var hold = f.HoldFor(buyer, seller, 400);
        var post = f.Book.Post(Guid.NewGuid(), hold.Id, LedgerFixture.T0.AddMinutes(1));
        Assert.True(post.IsAccepted, post.ToString());
        Assert.Equal(400, post.Transfer.Amount);
        Assert.Equal(TransferKind.PostPending, post.Transfer.Kind);
        Assert.Equal(1, post.Transfer.JournalSequence);

        var posted = f.TransferOf(hold.Id);
        Assert.Equal(HoldStatus.Posted, posted.HoldStatus);
        Assert.Equal(post.Transfer.Id, posted.ResolvedById);
        Assert.Equal(400, posted.PostedAmount);
        Assert.Equal(-400, f.Account(buyer).Balance);
        Assert.Equal(0, f.Account(buyer).PendingDebits);
        Assert.Equal(0, f.Account(seller).PendingCredits);
        Assert.Equal(hold.Id, f.Book.Journal[0].RelatedTransferId);
    }

    [Fact]
    public void Posting_less_releases_the_rest()
    {
        var hold = f.HoldFor(buyer, seller, 400);
        var post = f.Book.Post(Guid.NewGuid(), hold.Id, LedgerFixture.T0, amount: 150);
        Assert.True(post.IsAccepted);
        Assert.Equal(150, post.Transfer.Amount);
        Assert.Equal(-150, f.Account(buyer).Balance);
        Assert.Equal(0, f.Account(buyer).PendingDebits);
        Assert.Equal(850, f.Account(buyer).AvailableToSpend);
        Assert.Equal(150, f.TransferOf(hold.Id).PostedAmount);
    }

    [Fact]
    public void Posting_more_than_held_is_refused()
    {
        var hold = f.HoldFor(buyer, seller, 400);
        f.Refused(TransferRequest.PostHold(Guid.NewGuid(), hold.Id, 401), RejectionReason.PostAmountExceedsPending);
    }

    [Fact]
    public void Voiding_releases_the_reservation_without_a_journal_entry()
    {
        var hold = f.HoldFor(buyer, seller, 400);
        var voided = f.Book.Void(Guid.NewGuid(), hold.Id, LedgerFixture.T0);
        Assert.True(voided.IsAccepted);
        Assert.Equal(HoldStatus.Voided, f.TransferOf(hold.Id).HoldStatus);
        Assert.Equal(0, f.Account(buyer).PendingDebits);
        Assert.Equal(1_000, f.Account(buyer).AvailableToSpend);
        Assert.Empty(f.Book.Journal);
    }

    [Fact]
    public void A_void_must_release_the_whole_hold()
    {
        var hold = f.HoldFor(buyer, seller, 400);
        f.Refused(TransferRequest.VoidHold(Guid.NewGuid(), hold.Id) with { Amount = 100 }, RejectionReason.DoesNotMatchReferencedTransfer);
        Assert.True(f.Book.Submit(TransferRequest.VoidHold(Guid.NewGuid(), hold.Id) with { Amount = 400 }, LedgerFixture.T0).IsAccepted);
    }

    [Fact]
    public void Post_or_void_naming_other_accounts_is_refused()
    {
        var hold = f.HoldFor(buyer, seller, 400);
        var other = f.Open();
        f.Refused(TransferRequest.PostHold(Guid.NewGuid(), hold.Id) with { CreditAccountId = other }, RejectionReason.DoesNotMatchReferencedTransfer);
        f.Refused(TransferRequest.VoidHold(Guid.NewGuid(), hold.Id) with { DebitAccountId = other }, RejectionReason.DoesNotMatchReferencedTransfer);
        Assert.True(f.Book.Submit(TransferRequest.PostHold(Guid.NewGuid(), hold.Id) with { DebitAccountId = buyer, CreditAccountId = seller }, LedgerFixture.T0).IsAccepted);
    }

    [Fact]
    public void A_hold_is_resolved_exactly_once()
    {
        var posted = f.HoldFor(buyer, seller, 100);
        var voided = f.HoldFor(buyer, seller, 100);
        Assert.True(f.Book.Post(Guid.NewGuid(), posted.Id, LedgerFixture.T0).IsAccepted);
        Assert.True(f.Book.Void(Guid.NewGuid(), voided.Id, LedgerFixture.T0).IsAccepted);

        f.Refused(TransferRequest.PostHold(Guid.NewGuid(), posted.Id), RejectionReason.PendingAlreadyPosted);
        f.Refused(TransferRequest.VoidHold(Guid.NewGuid(), posted.Id), RejectionReason.PendingAlreadyPosted);
        f.Refused(TransferRequest.PostHold(Guid.NewGuid(), voided.Id), RejectionReason.PendingAlreadyVoided);
        f.Refused(TransferRequest.VoidHold(Guid.NewGuid(), voided.Id), RejectionReason.PendingAlreadyVoided);
    }

    [Fact]
    public void Unknown_holds_and_non_holds_cannot_be_posted_or_voided()
    {
        var paid = f.Pay(buyer, seller, 10);
        f.Refused(TransferRequest.PostHold(Guid.NewGuid(), Guid.NewGuid()), RejectionReason.PendingNotFound);
        f.Refused(TransferRequest.VoidHold(Guid.NewGuid(), Guid.NewGuid()), RejectionReason.PendingNotFound);
        f.Refused(TransferRequest.PostHold(Guid.NewGuid(), paid.Id), RejectionReason.NotAPendingTransfer);
    }

    [Fact]
    public void A_due_hold_whose_accounts_are_not_loaded_is_left_for_a_later_expiry_run()
    {
        var loadedHold = f.HoldFor(buyer, seller, 100, TimeSpan.FromMinutes(10));
        var other = new LedgerFixture();
        var otherBuyer = other.Open("food", 5_000);
        var otherSeller = other.Open("food");
        var unloadedHold = other.HoldFor(otherBuyer, otherSeller, 70, TimeSpan.FromMinutes(5));

        // As the writer does for a hold loaded for a request under its id: the transfer, not its accounts.
        f.Book.Load(unloadedHold);
        var expired = f.Book.Expire(LedgerFixture.T0.AddMinutes(10));

        Assert.Equal([loadedHold.Id], expired.Select(t => t.Id));
        Assert.Equal(HoldStatus.Open, f.TransferOf(unloadedHold.Id).HoldStatus);
        f.Book.Load(other.Account(otherBuyer));
        f.Book.Load(other.Account(otherSeller));
        Assert.Equal([unloadedHold.Id], f.Book.Expire(LedgerFixture.T0.AddMinutes(11)).Select(t => t.Id)); // still due
        Assert.Equal(0, f.Account(otherBuyer).PendingDebits);
    }

    [Fact]
    public void Holds_expire_at_their_timeout_exactly_once()
    {
        var shortHold = f.HoldFor(buyer, seller, 100, TimeSpan.FromMinutes(10));
        var longHold = f.HoldFor(buyer, seller, 200, TimeSpan.FromMinutes(30));
        var forever = f.HoldFor(buyer, seller, 300);

        Assert.Empty(f.Book.Expire(LedgerFixture.T0.AddMinutes(9)));
        var expired = f.Book.Expire(LedgerFixture.T0.AddMinutes(10));
        Assert.Equal([shortHold.Id], expired.Select(t => t.Id));
        Assert.Equal(HoldStatus.Expired, f.TransferOf(shortHold.Id).HoldStatus);
        Assert.Equal(LedgerFixture.T0.AddMinutes(10), f.TransferOf(shortHold.Id).ResolvedAt);
        Assert.Equal(500, f.Account(buyer).PendingDebits);
        Assert.Empty(f.Book.Expire(LedgerFixture.T0.AddMinutes(10)));

        Assert.Equal([longHold.Id], f.Book.Expire(LedgerFixture.T0.AddDays(400)).Select(t => t.Id));
        Assert.Equal(HoldStatus.Open, f.TransferOf(forever.Id).HoldStatus);
        Assert.Equal(300, f.Account(buyer).PendingDebits);
        Assert.True(f.Book.Verify().IsIntact);
    }

    [Fact]
    public void An_expired_hold_can_be_neither_posted_nor_voided_even_before_the_sweep()
    {
        var hold = f.HoldFor(buyer, seller, 100, TimeSpan.FromMinutes(10));
        var late = LedgerFixture.T0.AddMinutes(10);
        f.Refused(TransferRequest.PostHold(Guid.NewGuid(), hold.Id), RejectionReason.PendingAlreadyExpired, late);
        f.Refused(TransferRequest.VoidHold(Guid.NewGuid(), hold.Id), RejectionReason.PendingAlreadyExpired, late);
        Assert.True(f.Book.Post(Guid.NewGuid(), hold.Id, late.AddTicks(-10)).IsAccepted);
        Assert.Empty(f.Book.Expire(late));

        var other = f.HoldFor(buyer, seller, 100, TimeSpan.FromMinutes(10));
        Assert.Single(f.Book.Expire(late));
        f.Refused(TransferRequest.PostHold(Guid.NewGuid(), other.Id), RejectionReason.PendingAlreadyExpired);
    }

    [Fact]
    public void A_frozen_account_blocks_posting_but_not_releasing()
    {
        var toPost = f.HoldFor(buyer, seller, 100, TimeSpan.FromMinutes(5));
        var toVoid = f.HoldFor(buyer, seller, 100);
        var toExpire = f.HoldFor(buyer, seller, 100, TimeSpan.FromMinutes(1));
        Assert.True(f.Book.Freeze(seller).IsAccepted);
        f.Refused(TransferRequest.PostHold(Guid.NewGuid(), toPost.Id), RejectionReason.AccountFrozen);
        Assert.True(f.Book.Void(Guid.NewGuid(), toVoid.Id, LedgerFixture.T0).IsAccepted);
        Assert.Single(f.Book.Expire(LedgerFixture.T0.AddMinutes(1)));
        Assert.Equal(100, f.Account(seller).PendingCredits);
    }

    [Fact]
    public void A_batch_can_place_and_post_a_hold_together()
    {
        var holdId = Guid.NewGuid();
        var result = f.Book.SubmitLinked([TransferRequest.Hold(holdId, buyer, seller, 100, null), TransferRequest.PostHold(Guid.NewGuid(), holdId, 40)], LedgerFixture.T0);
        Assert.True(result.IsAccepted, result.ToString());
        Assert.Equal(HoldStatus.Posted, result.Transfers[0].HoldStatus);
        Assert.Equal(-40, f.Account(buyer).Balance);
    }

    [Fact]
    public void Hold_timestamps_are_truncated_to_microseconds()
    {
        var now = LedgerFixture.T0.AddTicks(1234567);
        var hold = f.HoldFor(buyer, seller, 100, TimeSpan.FromTicks(15), now);
        Assert.Equal(LedgerFixture.T0.AddTicks(1234560), hold.CreatedAt);
        Assert.Equal(LedgerFixture.T0.AddTicks(1234570), hold.ExpiresAt);
    }
}
