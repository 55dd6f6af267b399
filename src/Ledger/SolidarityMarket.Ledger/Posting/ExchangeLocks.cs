using SolidarityMarket.Ledger.Data;
using SolidarityMarket.ServiceDefaults.Messaging;

namespace SolidarityMarket.Ledger.Posting;

/// <summary>
/// Takes the write lock of each exchange a batch touches by locking its head row, in id order so two writers
/// never deadlock. On SQLite the first write statement takes the database's single write lock.
/// </summary>
public static class ExchangeLocks
{
    // Compiled: the writer reads the heads once per batch, and EF's per-call query work is on its single thread.
    private static readonly CompiledQueryPerModel<Func<LedgerDbContext, List<string>, IAsyncEnumerable<Exchange>>> ExchangesQuery = new(() =>
        EF.CompileAsyncQuery((LedgerDbContext db, List<string> ids) => db.Exchanges.AsNoTracking().Where(x => ids.Contains(x.Id))));

    /// <summary>
    /// Locks the exchanges' head rows in id order and returns them as read under the lock. On PostgreSQL the lock
    /// and the read are one statement (one round trip); elsewhere the rows are read after <see cref="LockAsync"/>.
    /// </summary>
    public static async Task<Dictionary<string, Exchange>> LockAndReadAsync(LedgerDbContext db, IReadOnlyCollection<string> exchangeIds, CancellationToken ct)
    {
        var ordered = exchangeIds.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        if (db.Database.ProviderName?.Contains("Npgsql", StringComparison.Ordinal) == true)
        {
            return ordered.Length == 0
                ? []
                : await db.Exchanges.FromSqlInterpolated(
                        $"SELECT * FROM ledger.\"Exchanges\" WHERE \"Id\" = ANY({ordered}) ORDER BY \"Id\" COLLATE \"C\" FOR UPDATE")
                    .AsNoTracking().ToDictionaryAsync(x => x.Id, ct);
        }

        await LockAsync(db, ordered, ct);
        return await ExchangesQuery.For(db)(db, [.. ordered]).ToDictionaryAsync(x => x.Id, StringComparer.Ordinal, ct);
    }

    public static async Task LockAsync(LedgerDbContext db, IEnumerable<string> exchangeIds, CancellationToken ct)
    {
        var provider = db.Database.ProviderName ?? "";
        var ordered = exchangeIds.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        if (provider.Contains("Npgsql", StringComparison.Ordinal))
        {
            // One round trip: PostgreSQL locks the rows as the sorted result is produced (LockRows sits above the
            // Sort), so they are still taken in id order and two writers cannot deadlock. COLLATE "C" makes that
            // order the same ordinal order the other providers use.
            if (ordered.Length > 0)
            {
                await db.Database.ExecuteSqlInterpolatedAsync(
                    $"SELECT 1 FROM ledger.\"Exchanges\" WHERE \"Id\" = ANY({ordered}) ORDER BY \"Id\" COLLATE \"C\" FOR UPDATE", ct);
            }

            return;
        }

        foreach (var id in ordered)
        {
            if (provider.Contains("SqlServer", StringComparison.Ordinal))
            {
                await db.Database.ExecuteSqlInterpolatedAsync($"SELECT 1 FROM [ledger].[Exchanges] WITH (UPDLOCK, ROWLOCK, HOLDLOCK) WHERE [Id] = {id}", ct);
            }
            else
            {
                await db.Database.ExecuteSqlInterpolatedAsync($"UPDATE \"Exchanges\" SET \"LastSequence\" = \"LastSequence\" WHERE \"Id\" = {id}", ct);
            }
        }
    }
}
