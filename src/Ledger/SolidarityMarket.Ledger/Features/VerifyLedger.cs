using System.Data;
using SolidarityMarket.Ledger.Data;
using SolidarityMarket.Ledger.Domain;
using SolidarityMarket.ServiceDefaults.Auth;

namespace SolidarityMarket.Ledger.Features;

/// <summary>
/// <c>GET /api/ledger/verify</c> (administrators): recomputes every exchange's hash chain from the stored entries
/// and checks the invariants — zero-sum per exchange, limits, balance = replay of entries, pending totals = open
/// holds, heads = last entries — over one consistent snapshot. Names every break it finds.
/// </summary>
public static class VerifyLedger
{
    public sealed record BreakDto(string Kind, string Description, string? ExchangeId, long? Sequence, Guid? AccountId, Guid? TransferId);

    public sealed record ReportDto(bool Intact, long EntriesChecked, int AccountsChecked, IReadOnlyList<BreakDto> Breaks);

    public static void Map(IEndpointRouteBuilder group) =>
        group.MapGet("/verify", Handle).RequireAuthorization(Policies.Admin).WithName("VerifyLedger");

    public static async Task<Ok<ReportDto>> Handle(LedgerDbContext db, CancellationToken ct)
    {
        var report = await RunAsync(db, ct);
        return TypedResults.Ok(new ReportDto(report.IsIntact, report.EntriesChecked, report.AccountsChecked,
            report.Breaks.Select(b => new BreakDto(b.Kind.ToString(), b.Description, b.ExchangeId, b.Sequence, b.AccountId, b.TransferId)).ToList()));
    }

    public static async Task<VerificationReport> RunAsync(LedgerDbContext db, CancellationToken ct)
    {
        await using var snapshot = await ReadSnapshotAsync(db, ct);
        var accounts = await db.Accounts.AsNoTracking().ToListAsync(ct);
        var heads = await db.Exchanges.AsNoTracking().ToListAsync(ct);
        var verifier = new JournalVerifier(accounts.Select(a => a.ToDomain()));
        await foreach (var entry in db.Journal.AsNoTracking().OrderBy(e => e.ExchangeId).ThenBy(e => e.Sequence).AsAsyncEnumerable().WithCancellation(ct))
        {
            verifier.Check(entry.ToDomain());
        }

        var transfers = await db.Transfers.AsNoTracking().ToListAsync(ct);
        return verifier.Finish(transfers.Select(t => t.ToDomain()), heads.Select(h => h.Head()));
    }

    /// <summary>
    /// One consistent read of the whole ledger without blocking the writer: a deferred transaction on SQLite (WAL
    /// readers see a snapshot; EF's default there is BEGIN IMMEDIATE, which would hold the write lock),
    /// REPEATABLE READ (a snapshot) on PostgreSQL, SNAPSHOT on SQL Server when the database allows it
    /// (<c>ALLOW_SNAPSHOT_ISOLATION ON</c>, see docs/operations.md). SQL Server's REPEATABLE READ is no snapshot: it
    /// sees rows the writer inserts during the read (false breaks) and its shared locks block, or deadlock with,
    /// the writer; it remains the fallback on a database without the setting.
    /// </summary>
    public static async Task<Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction> ReadSnapshotAsync(LedgerDbContext db, CancellationToken ct)
    {
        if (db.Database.ProviderName?.Contains("SqlServer", StringComparison.Ordinal) == true)
        {
            return await db.Database.BeginTransactionAsync(await SqlServerAllowsSnapshotAsync(db, ct) ? IsolationLevel.Snapshot : IsolationLevel.RepeatableRead, ct);
        }

        if (!db.Database.IsSqlite())
        {
            return await db.Database.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct);
        }

        await db.Database.OpenConnectionAsync(ct);
        var connection = (Microsoft.Data.Sqlite.SqliteConnection)db.Database.GetDbConnection();
        return await db.Database.UseTransactionAsync(connection.BeginTransaction(deferred: true), ct)
            ?? throw new InvalidOperationException("Could not start a read transaction.");
    }

    /// <summary>
    /// Whether the connected database has <c>ALLOW_SNAPSHOT_ISOLATION ON</c> (state 1; 3 is still turning on). The
    /// row of the connected database is visible to any login. Read on each call: verify and export are rare.
    /// </summary>
    private static async Task<bool> SqlServerAllowsSnapshotAsync(LedgerDbContext db, CancellationToken ct) =>
        await db.Database.SqlQueryRaw<int>("SELECT CAST([snapshot_isolation_state] AS int) AS [Value] FROM [sys].[databases] WHERE [database_id] = DB_ID()")
            .SingleOrDefaultAsync(ct) == 1;
}
