namespace SolidarityMarket.Ledger.Domain;

/// <summary>
/// Everything a run of commands changed, for the persistence layer to write in one database transaction:
/// each account and transfer once (first previous state, latest current state), the new journal entries in
/// order, and the advance of each exchange's chain. Rejected commands contribute nothing.
/// </summary>
public sealed class LedgerChanges
{
    public LedgerChanges(
        IReadOnlyList<AccountChange> accounts,
        IReadOnlyList<TransferChange> transfers,
        IReadOnlyList<JournalEntry> entries,
        IReadOnlyList<JournalHeadChange> heads)
    {
        Accounts = accounts;
        Transfers = transfers;
        Entries = entries;
        Heads = heads;
    }

    public IReadOnlyList<AccountChange> Accounts { get; }

    public IReadOnlyList<TransferChange> Transfers { get; }

    /// <summary>New journal entries, in the order they were appended (sequence order within each exchange).</summary>
    public IReadOnlyList<JournalEntry> Entries { get; }

    public IReadOnlyList<JournalHeadChange> Heads { get; }

    public bool IsEmpty => Accounts.Count == 0 && Transfers.Count == 0 && Entries.Count == 0;
}
