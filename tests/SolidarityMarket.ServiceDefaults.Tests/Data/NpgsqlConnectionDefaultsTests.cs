using Microsoft.EntityFrameworkCore;
using Npgsql;
using SolidarityMarket.ServiceDefaults.Data;
using SolidarityMarket.ServiceDefaults.Messaging;
using SolidarityMarket.ServiceDefaults.Tests.Messaging;
using SolidarityMarket.Testing;

namespace SolidarityMarket.ServiceDefaults.Tests.Data;

/// <summary>The services' PostgreSQL connections prepare their repeated statements and skip the reset on return to the pool, unless configured otherwise.</summary>
public sealed class NpgsqlConnectionDefaultsTests
{
    [Fact]
    public void A_connection_string_without_the_settings_gets_auto_prepare_and_no_reset_on_close()
    {
        var tuned = new NpgsqlConnectionStringBuilder(NpgsqlConnectionStrings.Tuned("Host=db;Database=market;Username=u"));

        Assert.Equal(NpgsqlConnectionStrings.MaxAutoPrepare, tuned.MaxAutoPrepare);
        Assert.True(tuned.NoResetOnClose);
        Assert.Equal(("db", "market", "u"), (tuned.Host, tuned.Database, tuned.Username));
    }

    [Theory]
    [InlineData("Host=db;Max Auto Prepare=0;No Reset On Close=false", 0, false)]
    [InlineData("Host=db;maxautoprepare=7;NoResetOnClose=False", 7, false)]
    public void Settings_given_in_the_configured_string_are_kept(string configured, int maxAutoPrepare, bool noResetOnClose)
    {
        var tuned = new NpgsqlConnectionStringBuilder(NpgsqlConnectionStrings.Tuned(configured));

        Assert.Equal((maxAutoPrepare, noResetOnClose), (tuned.MaxAutoPrepare, tuned.NoResetOnClose));
    }

    [Fact]
    public async Task A_query_a_service_context_repeats_is_prepared_on_the_server()
    {
        var connectionString = await TestServers.RequirePostgresAsync("autoprepare");
        var builder = new DbContextOptionsBuilder<TestPostgresDbContext>();
        ProviderOptions.Configure(builder, DatabaseProvider.Postgres, connectionString, "testsvc");
        await using var db = new TestPostgresDbContext(builder.Options);
        try
        {
            await db.Database.EnsureCreatedAsync();
            await db.Database.OpenConnectionAsync();
            for (var i = 0; i < 8; i++)
            {
                var id = Guid.NewGuid();
                Assert.False(await db.Set<InboxMessage>().AnyAsync(m => m.MessageId == id && m.Consumer == "c"));
            }

            var prepared = await db.Database.SqlQueryRaw<string>("SELECT statement AS \"Value\" FROM pg_prepared_statements").ToListAsync();

            Assert.Contains(prepared, s => s.Contains("\"InboxMessages\"", StringComparison.Ordinal));
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
            await TestServers.DropPostgresAsync(new NpgsqlConnectionStringBuilder(connectionString).Database!);
        }
    }
}
