using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SolidarityMarket.ServiceDefaults.Data;
using SolidarityMarket.ServiceDefaults.Tests.Messaging;

namespace SolidarityMarket.ServiceDefaults.Tests.Data;

/// <summary>
/// The durability settings are applied once per native SQLite connection, not per open: every open of a service's
/// context, whether the pool hands back a connection it configured before or a fresh one, still sees WAL,
/// <c>synchronous=FULL</c>, the 30 s busy timeout, foreign keys and the WAL's size limit after a restart.
/// </summary>
public sealed class SqliteDurabilityTests
{
    [Fact]
    public async Task Every_open_of_a_pooled_or_new_connection_has_the_durability_settings()
    {
        await using var host = await TestBusHost.StartAsync(Transport.InMemory);

        for (var round = 0; round < 3; round++)
        {
            for (var open = 0; open < 5; open++)
            {
                Assert.Equal(("wal", 2L, 30_000L, 1L, SqliteDurabilityInterceptor.WalSizeLimitBytes), await SettingsAsync(host));
            }

            // The next round starts on new native connections.
            SqliteConnection.ClearAllPools();
        }
    }

    private static async Task<(string JournalMode, long Synchronous, long BusyTimeout, long ForeignKeys, long JournalSizeLimit)> SettingsAsync(TestBusHost host)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TestServiceDbContext>();
        await db.Database.OpenConnectionAsync();
        try
        {
            var connection = db.Database.GetDbConnection();
            async Task<object?> Pragma(string name)
            {
                await using var command = connection.CreateCommand();
                command.CommandText = $"PRAGMA {name}";
                return await command.ExecuteScalarAsync();
            }

            return ((string)(await Pragma("journal_mode"))!, (long)(await Pragma("synchronous"))!, (long)(await Pragma("busy_timeout"))!, (long)(await Pragma("foreign_keys"))!, (long)(await Pragma("journal_size_limit"))!);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
