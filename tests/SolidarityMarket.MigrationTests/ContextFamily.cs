using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using SolidarityMarket.Catalog.Data;
using SolidarityMarket.Ledger.Data;
using SolidarityMarket.Ordering.Data;
using SolidarityMarket.ServiceDefaults.Auth;
using SolidarityMarket.ServiceDefaults.Data;

namespace SolidarityMarket.MigrationTests;

/// <summary>
/// One DbContext family: the provider-specific contexts of one service (or of Identity), each with its own
/// migrations, its schema on server databases, and its committed SQL Server script.
/// </summary>
public sealed class ContextFamily
{
    private readonly Func<DatabaseProvider, string, ILoggerFactory?, DbContext> open;

    private ContextFamily(string name, string schema, Func<DatabaseProvider, string, ILoggerFactory?, DbContext> open)
    {
        Name = name;
        Schema = schema;
        this.open = open;
    }

    public string Name { get; }

    /// <summary>The schema on PostgreSQL and SQL Server (SQLite has one file per family and no schemas).</summary>
    public string Schema { get; }

    /// <summary>deploy/sqlserver/{name}.sql, written by scripts/regenerate-migrations.sh.</summary>
    public string SqlServerScriptName => Name.ToLowerInvariant() + ".sql";

    public static IReadOnlyList<ContextFamily> All { get; } =
    [
        Create<AuthSqliteDbContext, AuthPostgresDbContext, AuthSqlServerDbContext>("Auth", AuthDbContext.Schema, o => new(o), o => new(o), o => new(o)),
        Create<CatalogSqliteDbContext, CatalogPostgresDbContext, CatalogSqlServerDbContext>("Catalog", CatalogDbContext.SchemaName, o => new(o), o => new(o), o => new(o)),
        Create<OrderingSqliteDbContext, OrderingPostgresDbContext, OrderingSqlServerDbContext>("Ordering", OrderingDbContext.SchemaName, o => new(o), o => new(o), o => new(o)),
        Create<LedgerSqliteDbContext, LedgerPostgresDbContext, LedgerSqlServerDbContext>("Ledger", LedgerDbContext.SchemaName, o => new(o), o => new(o), o => new(o)),
    ];

    public static TheoryData<string> Names => new(All.Select(f => f.Name));

    public static TheoryData<string, DatabaseProvider> NamesAndProviders
    {
        get
        {
            var data = new TheoryData<string, DatabaseProvider>();
            foreach (var family in All)
            {
                foreach (var provider in Enum.GetValues<DatabaseProvider>())
                {
                    data.Add(family.Name, provider);
                }
            }

            return data;
        }
    }

    public static ContextFamily Named(string name) => All.Single(f => f.Name == name);

    /// <summary>
    /// The family's context for <paramref name="provider"/>, configured exactly as the host configures it
    /// (<see cref="ProviderOptions.Configure"/>), logging to <paramref name="loggerFactory"/> when given (the host's
    /// contexts log to the host's). Nothing connects until the context is used.
    /// </summary>
    public DbContext Open(DatabaseProvider provider, string connectionString, ILoggerFactory? loggerFactory = null) =>
        open(provider, connectionString, loggerFactory);

    /// <summary>A context that is never opened, for model and script work (the design-time factories' connection strings).</summary>
    public DbContext OpenDesignTime(DatabaseProvider provider) => Open(provider, provider switch
    {
        DatabaseProvider.Sqlite => $"Data Source={Schema}.design.db",
        DatabaseProvider.Postgres => "Host=localhost;Database=design_time",
        _ => "Server=localhost;Database=design_time;TrustServerCertificate=true",
    });

    public override string ToString() => Name;

    private static ContextFamily Create<TSqlite, TPostgres, TSqlServer>(
        string name,
        string schema,
        Func<DbContextOptions<TSqlite>, TSqlite> sqlite,
        Func<DbContextOptions<TPostgres>, TPostgres> postgres,
        Func<DbContextOptions<TSqlServer>, TSqlServer> sqlServer)
        where TSqlite : DbContext
        where TPostgres : DbContext
        where TSqlServer : DbContext =>
        new(name, schema, (provider, connectionString, loggerFactory) => provider switch
        {
            DatabaseProvider.Sqlite => sqlite(Options<TSqlite>(provider, connectionString, schema, loggerFactory)),
            DatabaseProvider.Postgres => postgres(Options<TPostgres>(provider, connectionString, schema, loggerFactory)),
            DatabaseProvider.SqlServer => sqlServer(Options<TSqlServer>(provider, connectionString, schema, loggerFactory)),
            _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, "Unknown database provider."),
        });

    private static DbContextOptions<T> Options<T>(DatabaseProvider provider, string connectionString, string schema, ILoggerFactory? loggerFactory)
        where T : DbContext
    {
        var options = new DbContextOptionsBuilder<T>();
        ProviderOptions.Configure(options, provider, connectionString, schema);
        if (loggerFactory is not null)
        {
            options.UseLoggerFactory(loggerFactory);
        }

        return options.Options;
    }
}
