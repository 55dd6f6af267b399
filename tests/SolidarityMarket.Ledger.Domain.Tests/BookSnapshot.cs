using SolidarityMarket.Ledger.Domain;

namespace SolidarityMarket.Ledger.Domain.Tests;

/// <summary>A copy of everything observable in a book, to prove that a refused command changed nothing.</summary>
internal sealed class BookSnapshot
{
    private readonly Dictionary<Guid, AccountState> accounts;
    private readonly Dictionary<Guid, Transfer> transfers;
    private readonly JournalEntry[] journal;
    private readonly Dictionary<string, JournalHead> heads;

    private BookSnapshot(LedgerBook book)
    {
        accounts = book.Accounts.ToDictionary(a => a.Id);
        transfers = book.Transfers.ToDictionary(t => t.Id);
        journal = [.. book.Journal];
        heads = book.Heads.ToDictionary(h => h.ExchangeId, StringComparer.Ordinal);
    }

    public static BookSnapshot Of(LedgerBook book) => new(book);

    public void AssertSameAs(BookSnapshot expected)
    {
        AssertSameMap(expected.accounts, accounts, "account");
        AssertSameMap(expected.transfers, transfers, "transfer");
        Assert.Equal(expected.journal, journal);
        Assert.Equal(expected.heads.Count, heads.Count);
        foreach (var (exchange, head) in expected.heads)
        {
            Assert.Equal(head, heads[exchange]);
        }
    }

    private static void AssertSameMap<TKey, TValue>(Dictionary<TKey, TValue> expected, Dictionary<TKey, TValue> actual, string what)
        where TKey : notnull
    {
        Assert.True(expected.Count == actual.Count, $"Number of {what}s changed from {expected.Count} to {actual.Count}.");
        foreach (var (key, value) in expected)
        {
            Assert.True(actual.TryGetValue(key, out var now), $"The {what} {key} disappeared.");
            Assert.True(Equals(value, now), $"The {what} {key} changed:\n  before {value}\n  after  {now}");
        }
    }
}
