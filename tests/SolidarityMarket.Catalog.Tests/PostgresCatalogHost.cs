using Npgsql;
using SolidarityMarket.Testing;

namespace SolidarityMarket.Catalog.Tests;

/// <summary>
/// <see cref="CatalogHost"/> on a fresh PostgreSQL database (<see cref="TestServers.RequirePostgresAsync"/>), with its
/// migrations applied at start-up — for the provider-specific parts (full-text search, triggers). Starts in the
/// first test that calls <see cref="CatalogHost.StartAsync"/>; drops the database afterwards.
/// </summary>
public sealed class PostgresCatalogHost : CatalogHost
{
    private string? _database;

    protected override bool StartsWithFixture => false;

    protected override async Task<Dictionary<string, string?>> SettingsAsync()
    {
        var connection = await TestServers.RequirePostgresAsync("catalog");
        _database = new NpgsqlConnectionStringBuilder(connection).Database;
        return new()
        {
            ["Database:Provider"] = "Postgres",
            ["Database:MigrateOnStartup"] = "true",
            ["ConnectionStrings:Default"] = connection,
        };
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_database is null)
        {
            return;
        }

        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(TestServers.PostgresAdmin + ";Database=postgres");
        await admin.OpenAsync();
        await using var command = admin.CreateCommand();
        command.CommandText = $"DROP DATABASE IF EXISTS \"{_database}\" WITH (FORCE)";
        await command.ExecuteNonQueryAsync();
    }
}
