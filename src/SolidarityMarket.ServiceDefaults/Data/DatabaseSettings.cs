using Microsoft.Extensions.Configuration;
using SolidarityMarket.ServiceDefaults.Hosting;

namespace SolidarityMarket.ServiceDefaults.Data;

/// <summary>
/// Database configuration of one process. <c>Database:Provider</c> picks the engine; a service's connection string
/// is <c>ConnectionStrings:{Service}</c>, else <c>ConnectionStrings:Default</c> (one server database, a schema per
/// service); SQLite needs neither: it writes <c>{Storage:Directory}/{service}.db</c>.
/// </summary>
public sealed record DatabaseSettings(DatabaseProvider Provider, bool MigrateOnStartup)
{
    public static DatabaseSettings From(IConfiguration configuration)
    {
        var raw = configuration["Database:Provider"] ?? nameof(DatabaseProvider.Sqlite);
        if (!Enum.TryParse<DatabaseProvider>(raw, ignoreCase: true, out var provider))
        {
            throw new InvalidOperationException(
                $"Database:Provider '{raw}' is not one of {string.Join(", ", Enum.GetNames<DatabaseProvider>())}.");
        }

        // Embedded installs migrate themselves; servers migrate with the documented `migrate` command unless told otherwise.
        var migrate = configuration.GetValue<bool?>("Database:MigrateOnStartup") ?? provider == DatabaseProvider.Sqlite;
        return new DatabaseSettings(provider, migrate);
    }

    public string ConnectionString(IConfiguration configuration, string service)
    {
        if (Provider == DatabaseProvider.Sqlite)
        {
            var explicitSqlite = configuration.GetConnectionString(service);
            return explicitSqlite ?? $"Data Source={Path.Combine(StorageOptions.Directory(configuration), service.ToLowerInvariant() + ".db")}";
        }

        return configuration.GetConnectionString(service)
            ?? configuration.GetConnectionString("Default")
            ?? throw new InvalidOperationException(
                $"No connection string for {service}: set ConnectionStrings:{service} or ConnectionStrings:Default (environment: ConnectionStrings__{service}).");
    }
}
