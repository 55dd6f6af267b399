using SolidarityMarket.Ledger.Data;

namespace SolidarityMarket.Ledger.Posting;

/// <summary>
/// Takes the write lock of each exchange a batch touches by locking its head row, in id order so two writers
/// never deadlock. On SQLite the first write statement takes the database's single write lock.
/// </summary>
public static class ExchangeLocks
{
    public static async Task LockAsync(LedgerDbContext db, IEnumerable<string> exchangeIds, CancellationToken ct)
    {
        var provider = db.Database.ProviderName ?? "";
        foreach (var id in exchangeIds.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            if (provider.Contains("Npgsql", StringComparison.Ordinal))
            {
                await db.Database.ExecuteSqlInterpolatedAsync($"SELECT 1 FROM ledger.\"Exchanges\" WHERE \"Id\" = {id} FOR UPDATE", ct);
            }
            else if (provider.Contains("SqlServer", StringComparison.Ordinal))
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
