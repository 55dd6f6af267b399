using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace SolidarityMarket.ServiceDefaults.Data;

/// <summary>Configures EF Core for a provider the same way at run time and at design time (migrations).</summary>
public static class ProviderOptions
{
    public static void Configure(DbContextOptionsBuilder options, DatabaseProvider provider, string connectionString, string schema)
    {
        switch (provider)
        {
            case DatabaseProvider.Sqlite:
                options.UseSqlite(SqliteConnectionStrings.Durable(connectionString));
                options.AddInterceptors(SqliteDurabilityInterceptor.Instance, SqliteWriteTurnInterceptor.Instance);
                break;
            case DatabaseProvider.Postgres:
                options.UseNpgsql(NpgsqlConnectionStrings.Tuned(connectionString), o => o.MigrationsHistoryTable("__EFMigrationsHistory", schema));
                break;
            case DatabaseProvider.SqlServer:
                options.UseSqlServer(connectionString, o => o.MigrationsHistoryTable("__EFMigrationsHistory", schema));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(provider), provider, "Unknown database provider.");
        }
    }
}

/// <summary>SQLite connection defaults: a shared cache is not used; busy writers wait instead of failing at once.</summary>
public static class SqliteConnectionStrings
{
    public static string Durable(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (builder.DefaultTimeout < 30)
        {
            builder.DefaultTimeout = 30;
        }

        builder.Pooling = true;
        return builder.ToString();
    }
}

/// <summary>
/// PostgreSQL connection defaults for the services' EF contexts, each kept when the configured string sets it:
/// <list type="bullet">
/// <item><c>Max Auto Prepare</c> (<see cref="MaxAutoPrepare"/>): a statement run five times on a physical connection is
/// prepared there, so PostgreSQL stops parsing and planning the same handful of statements (inbox look-ups,
/// consumers' reads, outbox inserts, relay rounds) for every message.</item>
/// <item><c>No Reset On Close</c>: a connection returned to the pool is not reset (Npgsql otherwise sends a reset,
/// <c>DISCARD ALL</c> or its equivalent that keeps prepared statements, before the connection's next use). The EF
/// contexts set no session state: every lock they take is transaction-scoped, and <c>SET</c> is never issued.</item>
/// </list>
/// Durability is untouched: every commit still waits for PostgreSQL's WAL flush (docs/adr/0021-npgsql-connection-defaults.md).
/// </summary>
public static class NpgsqlConnectionStrings
{
    /// <summary>Distinct statements kept prepared per physical connection (Npgsql evicts the least used beyond it).</summary>
    public const int MaxAutoPrepare = 128;

    public static string Tuned(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        if (!Sets(given, "Max Auto Prepare"))
        {
            builder.MaxAutoPrepare = MaxAutoPrepare;
        }

        if (!Sets(given, "No Reset On Close"))
        {
            builder.NoResetOnClose = true;
        }

        return builder.ConnectionString;
    }

    // Keywords compared without spaces or case, as Npgsql accepts them ("MaxAutoPrepare", "max auto prepare").
    private static bool Sets(System.Data.Common.DbConnectionStringBuilder given, string keyword) =>
        given.Keys.Cast<string>().Any(k => string.Equals(k.Replace(" ", "", StringComparison.Ordinal), keyword.Replace(" ", "", StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase));
}
