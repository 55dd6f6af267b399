using SolidarityMarket.Ledger.Domain;

namespace SolidarityMarket.Ledger.Domain.Tests;

/// <summary>What the application service persists after a group commit.</summary>
public sealed class ChangeTrackingTests
{
    private readonly LedgerFixture f = new();

    [Fact]
    public void Changes_list_each_thing_once_with_its_state_before_and_after()
    {
        var a = f.Open(debitLimit: 1_000);
        var b = f.Open();
        var opened = f.Book.TakeChanges();
        Assert.Equal(2, opened.Accounts.Count);
        Assert.All(opened.Accounts, c => Assert.True(c.IsNew));

        var loadedA = f.Account(a);
        var hold = f.HoldFor(a, b, 100);
        f.Pay(a, b, 10);
        Assert.True(f.Book.Post(Guid.NewGuid(), hold.Id, LedgerFixture.T0).IsAccepted);
        var changes = f.Book.TakeChanges();

        var changeOfA = Assert.Single(changes.Accounts, c => c.Current.Id == a);
        Assert.Equal(loadedA, changeOfA.Previous);
        Assert.Equal(f.Account(a), changeOfA.Current);
        Assert.Equal(loadedA.Version + 3, changeOfA.Current.Version);

        Assert.Equal(3, changes.Transfers.Count);
        var holdChange = Assert.Single(changes.Transfers, c => c.Current.Id == hold.Id);
        Assert.True(holdChange.IsNew);
        Assert.Equal(HoldStatus.Posted, holdChange.Current.HoldStatus);
        Assert.Equal(2, changes.Entries.Count);
        var head = Assert.Single(changes.Heads);
        Assert.Equal(JournalHead.Genesis("food"), head.Previous);
        Assert.Equal(f.Book.GetHead("food"), head.Current);

        Assert.True(f.Book.TakeChanges().IsEmpty);
    }

    [Fact]
    public void Group_commit_applies_commands_independently_and_returns_only_the_successes_changes()
    {
        var a = f.Open(debitLimit: 100);
        var b = f.Open();
        f.Book.TakeChanges();

        var group = f.Book.ApplyGroup(
            [
                LedgerCommand.Submit(TransferRequest.Direct(Guid.NewGuid(), a, b, 60)),
                LedgerCommand.Submit(TransferRequest.Direct(Guid.NewGuid(), a, b, 60)),
                LedgerCommand.SubmitLinked([TransferRequest.Direct(Guid.NewGuid(), b, a, 5), TransferRequest.Direct(Guid.NewGuid(), a, b, 1_000)]),
                LedgerCommand.SubmitLinked([TransferRequest.Direct(Guid.NewGuid(), b, a, 5), TransferRequest.Direct(Guid.NewGuid(), a, b, 40)]),
            ],
            LedgerFixture.T0);

        Assert.Equal([true, false, false, true], group.Results.Select(r => r.IsAccepted));
        Assert.Equal(RejectionReason.ExceedsDebitLimit, group.Results[1].Rejection!.Reason);
        Assert.Equal(1, group.Results[2].Rejection!.FailedItemIndex);
        Assert.Equal(3, group.Changes.Transfers.Count);
        Assert.Equal(3, group.Changes.Entries.Count);
        Assert.Equal([1L, 2L, 3L], group.Changes.Entries.Select(e => e.Sequence));
        Assert.Equal(-95, f.Account(a).Balance);
    }

    [Fact]
    public void A_book_loaded_with_only_the_needed_rows_continues_the_stored_chain()
    {
        var a = f.Open(debitLimit: 1_000);
        var b = f.Open();
        var hold = f.HoldFor(a, b, 100);
        f.Pay(a, b, 10);
        f.Book.TakeChanges();

        // What the application service would do: a fresh book per group, loaded from the database.
        var slice = new LedgerBook();
        slice.Load(f.Account(a));
        slice.Load(f.Account(b));
        slice.Load(f.TransferOf(hold.Id));
        slice.Load(f.Book.GetHead("food"));
        var post = TransferRequest.PostHold(Guid.NewGuid(), hold.Id, 70);
        Assert.True(slice.Submit(post, LedgerFixture.T0).IsAccepted);
        var changes = slice.TakeChanges();

        Assert.True(f.Book.Submit(post, LedgerFixture.T0).IsAccepted);
        var full = f.Book.TakeChanges();
        Assert.Equal(full.Entries, changes.Entries);
        Assert.Equal(full.Accounts, changes.Accounts);
        Assert.Equal(full.Transfers, changes.Transfers);
    }
}
