using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using SolidarityMarket.Ledger.Data;

namespace SolidarityMarket.Benchmarks;

/// <summary>
/// <c>ANALYZE</c> after the warm-up on PostgreSQL, so that the measured run meets the statistics a database in
/// service has. Each scenario starts on a fresh, empty database, and the services' connections prepare their
/// statements (ADR 0021): a statement prepared while a table was nearly empty keeps its generic plan — a
/// sequential scan of <c>Transfers</c> for the writer's <c>"Id" = ANY($1)</c> — until an ANALYZE invalidates it.
/// Autovacuum does that about once a minute in service, but a 15-second run on a table that grew from nothing
/// measured the scan: 11–15 ms per batch at 50,000 rows (docs/performance-history.md, "Warm-up until the JIT is
/// quiet, and fresh statistics"). SQLite plans each statement when it is prepared and keeps no plan across them.
/// </summary>
public static class PostgresStatistics
{
    public static async Task RefreshAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LedgerDbContext>();
        if (db.Database.IsNpgsql())
        {
            await RunAsync(() => db.Database.ExecuteSqlRawAsync("ANALYZE"));
        }
    }

    public static Task RefreshAsync(string connectionString) => RunAsync(async () =>
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("ANALYZE", connection);
        return await command.ExecuteNonQueryAsync();
    });

    private static async Task RunAsync(Func<Task<int>> analyze)
    {
        var started = Stopwatch.GetTimestamp();
        await analyze();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"   ANALYZE after the warm-up: {Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s (fresh statistics, as autovacuum keeps them in service)"));
    }
}
