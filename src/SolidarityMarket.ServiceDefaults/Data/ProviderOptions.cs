using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

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
                options.AddInterceptors(SqliteDurabilityInterceptor.Instance);
                break;
            case DatabaseProvider.Postgres:
                options.UseNpgsql(connectionString, o => o.MigrationsHistoryTable("__EFMigrationsHistory", schema));
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
