using SolidarityMarket.Ledger.Domain;

namespace SolidarityMarket.Ledger.Domain.Tests.Properties;

/// <summary>
/// Plays the database: applies each <see cref="LedgerChanges"/> with optimistic-concurrency checks, and must
/// then hold exactly what the book holds. Proves the change sets are complete and correct.
/// </summary>
internal sealed class PersistenceMirror
{
    private readonly Dictionary<Guid, AccountState> accounts = [];
    private readonly Dictionary<Guid, Transfer> transfers = [];
    private readonly List<JournalEntry> entries = [];
    private readonly Dictionary<string, JournalHead> heads = new(StringComparer.Ordinal);

    public void Apply(LedgerChanges changes)
    {
        foreach (var change in changes.Accounts)
        {
            Assert.Equal(change.Previous, accounts.GetValueOrDefault(change.Current.Id));
            Assert.True(change.Previous is null || change.Current.Version > change.Previous.Version);
            accounts[change.Current.Id] = change.Current;
        }

        foreach (var change in changes.Transfers)
        {
            Assert.Equal(change.Previous, transfers.GetValueOrDefault(change.Current.Id));
            transfers[change.Current.Id] = change.Current;
        }

        foreach (var head in changes.Heads)
        {
            var stored = heads.TryGetValue(head.Current.ExchangeId, out var h) ? h : JournalHead.Genesis(head.Current.ExchangeId);
            Assert.Equal(stored, head.Previous);
            heads[head.Current.ExchangeId] = head.Current;
        }

        entries.AddRange(changes.Entries);
    }

    public void AssertMatches(LedgerBook book)
    {
        Assert.Equal(book.Accounts.Count, accounts.Count);
        foreach (var account in book.Accounts)
        {
            Assert.Equal(account, accounts[account.Id]);
        }

        Assert.Equal(book.Transfers.Count, transfers.Count);
        foreach (var transfer in book.Transfers)
        {
            Assert.Equal(transfer, transfers[transfer.Id]);
        }

        Assert.Equal(book.Journal.Count, entries.Count);
        if (entries.Count > 0)
        {
            Assert.Equal(book.Journal[^1], entries[^1]);
        }

        foreach (var head in book.Heads)
        {
            Assert.Equal(head, heads.TryGetValue(head.ExchangeId, out var h) ? h : JournalHead.Genesis(head.ExchangeId));
        }
    }
}
