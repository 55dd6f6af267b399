using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SolidarityMarket.Testing;

namespace SolidarityMarket.Benchmarks;

/// <summary>
/// The real host running only the Catalog module, in Production (no demo data), on SQLite files in a fresh temp folder
/// or on a given PostgreSQL database, with its migrations applied at start — as the search endpoint runs it.
/// </summary>
public sealed class CatalogBenchmarkHost : WebApplicationFactory<Program>
{
    private readonly string _directory = Directory.CreateTempSubdirectory("sm-bench-catalog-").FullName;
    private readonly Dictionary<string, string?> _settings;

    public CatalogBenchmarkHost(string? postgresConnection = null)
    {
        _settings = new()
        {
            ["Modules"] = "Catalog",
            ["Storage:Directory"] = _directory,
            ["Demo:Enabled"] = "false",
            ["Logging:LogLevel:Default"] = "Error",
            ["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "Critical",
        };
        if (postgresConnection is not null)
        {
            _settings["Database:Provider"] = "Postgres";
            _settings["Database:MigrateOnStartup"] = "true";
            _settings["ConnectionStrings:Default"] = postgresConnection;
        }

        IsPostgres = postgresConnection is not null;
    }

    public bool IsPostgres { get; }

    /// <summary>
    /// Every hosted service stops once (<see cref="HostedServicesStopOnce"/>; the factory stops the host twice, as in
    /// the tests). Applied here, after every registration, as <c>MarketplaceFactory</c> and <c>BenchmarkHost</c> do
    /// (in <see cref="ConfigureWebHost"/> it broke <c>BenchmarkHost</c>'s hosts on Kestrel; this one never runs on
    /// Kestrel, but is kept the same).
    /// </summary>
    protected override IHost CreateHost(IHostBuilder builder)
    {
        builder.ConfigureServices(HostedServicesStopOnce.Apply);
        return base.CreateHost(builder);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        // Errors only: EF logs every failed probe of a fresh database's migration history, which is expected.
        builder.ConfigureServices(services => services.AddLogging(logging => logging.ClearProviders().AddSimpleConsole().SetMinimumLevel(LogLevel.Critical)));
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (Environment.GetEnvironmentVariable("BENCH_KEEP") is not null)
        {
            Console.WriteLine($"   kept {_directory} (BENCH_KEEP)");
            return;
        }

        if (!IsPostgres)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        }

        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a file may still be held by a closing connection.
        }
    }
}
