using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Npgsql;
using SolidarityMarket.ServiceDefaults.Data;
using SolidarityMarket.Testing;

namespace SolidarityMarket.MigrationTests;

/// <summary>
/// The server case: all four families migrate into one PostgreSQL database, each into its own schema, and
/// migrating again changes nothing (the documented <c>migrate</c> command may run at every deployment).
/// </summary>
public sealed class PostgresMigrationTests
{
    [Fact]
    public async Task All_families_migrate_into_one_database_each_in_its_own_schema()
    {
        var ct = TestContext.Current.CancellationToken;
        var connectionString = await TestServers.RequirePostgresAsync("migrations");
        try
        {
            foreach (var family in ContextFamily.All)
            {
                await using var db = family.Open(DatabaseProvider.Postgres, connectionString);
                await db.Database.MigrateAsync(ct);
            }

            var tables = await TablesAsync(connectionString, ct);
            foreach (var family in ContextFamily.All)
            {
                await using var db = family.Open(DatabaseProvider.Postgres, connectionString);
                var all = db.Database.GetMigrations().ToList();
                Assert.NotEmpty(all);
                Assert.Equal(all, await db.Database.GetAppliedMigrationsAsync(ct));

                var expected = db.GetService<IDesignTimeModel>().Model.GetEntityTypes()
                    .Where(e => e.GetTableName() is not null)
                    .Select(e => (Schema: e.GetSchema() ?? "public", Table: e.GetTableName()!))
                    .Append((Schema: family.Schema, Table: "__EFMigrationsHistory"))
                    .Distinct()
                    .ToList();
                Assert.All(expected, t => Assert.Equal(family.Schema, t.Schema));
                var missing = expected.Where(t => !tables.Contains(t)).Select(t => $"{t.Schema}.{t.Table}").ToList();
                Assert.True(missing.Count == 0, $"{family.Name}: tables missing after migrating: {string.Join(", ", missing)}.");
            }

            // Nothing of any family lands outside the four schemas.
            var schemas = ContextFamily.All.Select(f => f.Schema).ToHashSet();
            var stray = tables.Where(t => !schemas.Contains(t.Schema)).Select(t => $"{t.Schema}.{t.Table}").ToList();
            Assert.True(stray.Count == 0, $"Tables outside the service schemas: {string.Join(", ", stray)}.");

            // Idempotent: a second run applies nothing and creates nothing.
            foreach (var family in ContextFamily.All)
            {
                await using var db = family.Open(DatabaseProvider.Postgres, connectionString);
                Assert.Empty(await db.Database.GetPendingMigrationsAsync(ct));
                await db.Database.MigrateAsync(ct);
                Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync(ct));
            }

            Assert.Equal(tables, await TablesAsync(connectionString, ct));
        }
        finally
        {
            await DropAsync(connectionString);
        }
    }

    private static async Task<HashSet<(string Schema, string Table)>> TablesAsync(string connectionString, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT table_schema, table_name FROM information_schema.tables
            WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')
            """;
        var tables = new HashSet<(string, string)>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            tables.Add((reader.GetString(0), reader.GetString(1)));
        }

        return tables;
    }

    /// <summary>Drops the test's database so repeated local runs leave nothing behind.</summary>
    private static async Task DropAsync(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var database = builder.Database!;
        NpgsqlConnection.ClearAllPools();
        builder.Database = "postgres";
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)";
        await command.ExecuteNonQueryAsync();
    }
}
