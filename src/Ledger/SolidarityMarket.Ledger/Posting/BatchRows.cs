using SolidarityMarket.Ledger.Data;
using SolidarityMarket.Ledger.Domain;
using SolidarityMarket.ServiceDefaults.Messaging;

namespace SolidarityMarket.Ledger.Posting;

/// <summary>
/// Everything one group commit writes, as rows: built once from the domain's <see cref="LedgerChanges"/>, then
/// written by <see cref="SqlBatchWriter"/> (SQLite, PostgreSQL) or <see cref="EfBatchWriter"/> (other providers).
/// Every change carries the state it replaces, so the writers can refuse to overwrite a row someone else changed.
/// </summary>
public sealed class BatchRows
{
    public List<(Account Loaded, AccountState Current)> Accounts { get; } = [];

    public List<TransferRecord> NewTransfers { get; } = [];

    /// <summary>Stored transfers getting their one-time closing fields (hold resolution, reversal link).</summary>
    public List<(TransferRecord Loaded, Transfer Current)> ClosedTransfers { get; } = [];

    public List<JournalEntryRecord> Entries { get; } = [];

    public List<(Exchange Loaded, JournalHead Current)> Heads { get; } = [];

    public List<OutboxMessage> Outbox { get; } = [];

    public List<LimitChange> LimitChanges { get; } = [];

    public List<AccountStatusChange> StatusChanges { get; } = [];
}

/// <summary>Writes a batch's rows inside the caller's open transaction; throws if any row was changed meanwhile.</summary>
public interface IBatchWriter
{
    Task WriteAsync(BatchRows rows, CancellationToken ct);
}

/// <summary>
/// The general path through EF Core's change tracker (one statement per row): kept for providers the batched SQL
/// path is not tested on here (SQL Server). The loaded rows are attached as they were read, so EF's UPDATEs carry
/// the accounts' version check.
/// </summary>
public sealed class EfBatchWriter(LedgerDbContext db) : IBatchWriter
{
    public async Task WriteAsync(BatchRows rows, CancellationToken ct)
    {
        foreach (var (loaded, current) in rows.Accounts)
        {
            db.Accounts.Attach(loaded);
            loaded.CopyFrom(current);
        }

        foreach (var (loaded, current) in rows.ClosedTransfers)
        {
            db.Transfers.Attach(loaded);
            loaded.CopyResolution(current);
        }

        foreach (var (loaded, current) in rows.Heads)
        {
            db.Exchanges.Attach(loaded);
            loaded.LastSequence = current.LastSequence;
            loaded.LastHash = current.LastHash.ToArray();
        }

        db.Transfers.AddRange(rows.NewTransfers);
        db.Journal.AddRange(rows.Entries);
        db.OutboxMessages.AddRange(rows.Outbox);
        db.LimitChanges.AddRange(rows.LimitChanges);
        db.AccountStatusChanges.AddRange(rows.StatusChanges);
        await db.SaveChangesAsync(ct);
    }
}
