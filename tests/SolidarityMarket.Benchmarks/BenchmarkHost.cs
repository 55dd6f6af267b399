using System.Collections.Concurrent;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SolidarityMarket.Catalog.Data;
using SolidarityMarket.Ledger.Data;
using SolidarityMarket.Ordering.Data;
using SolidarityMarket.ServiceDefaults.Messaging;
using SolidarityMarket.Testing;

namespace SolidarityMarket.Benchmarks;

/// <summary>
/// The real host (<c>Program</c>) in this process running only the Ledger module (or the modules asked for), in the Production environment,
/// on SQLite files in a fresh temp folder or on a given PostgreSQL database — as <c>MarketplaceFactory</c> does
/// for the tests, plus: optionally real Kestrel on a loopback port (<see cref="WebApplicationFactory{T}.UseKestrel()"/>,
/// new in .NET 10; the default TestServer is not real HTTP), and the console log replaced by a collector of
/// warnings and errors, reported after each scenario.
/// </summary>
public sealed class BenchmarkHost : WebApplicationFactory<Program>
{
    private readonly string _directory = Directory.CreateTempSubdirectory("sm-bench-").FullName;
    private readonly Dictionary<string, string?> _settings;
    private readonly bool _profile;

    /// <param name="modules">The <c>Modules</c> setting: the ledger alone by default; the checkout benchmark runs all three.</param>
    /// <param name="settings">More host settings (e.g. <c>Payments:AllowSimulatedCards</c> for Ordering in Production).</param>
    /// <param name="profile">Also time Catalog's and Ordering's SQL (<see cref="CatalogSql"/>, <see cref="OrderingSql"/>); off by
    /// default because the interceptors cost CPU in the process being measured.</param>
    public BenchmarkHost(string? postgresConnection = null, bool kestrel = false, string modules = "Ledger", IReadOnlyDictionary<string, string?>? settings = null, bool profile = false)
    {
        _profile = profile;
        _settings = new()
        {
            ["Modules"] = modules,
            ["Storage:Directory"] = _directory,
            ["Demo:Enabled"] = "false",
            // The HTTP scenario registers and signs in all its callers from one loopback address within seconds.
            ["Auth:RateLimit:PerAddressPermitLimit"] = "1000000",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }

        if (postgresConnection is not null)
        {
            _settings["Database:Provider"] = "Postgres";
            _settings["Database:MigrateOnStartup"] = "true";
            _settings["ConnectionStrings:Default"] = postgresConnection;
        }

        IsPostgres = postgresConnection is not null;
        if (kestrel)
        {
            UseKestrel(0);
        }
    }

    public bool IsPostgres { get; }

    public string StorageDirectory => _directory;

    public HostLog Log { get; } = new();

    /// <summary>Times the ledger context's SQL commands and commits.</summary>
    public SqlTimer Sql { get; } = new();

    /// <summary>Times Catalog's SQL when the host was built with <c>profile</c>.</summary>
    public SqlTimer CatalogSql { get; } = new();

    /// <summary>Times Ordering's SQL when the host was built with <c>profile</c>.</summary>
    public SqlTimer OrderingSql { get; } = new();

    /// <summary>Starts the host (migrations, exchanges) and, with Kestrel, returns the loopback address it listens on.</summary>
    public Uri Start()
    {
        StartServer();
        Log.Reset();
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var address = addresses.FirstOrDefault(a => a.StartsWith("http://", StringComparison.Ordinal)) ?? "http://localhost/";
        return new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal));
    }

    /// <summary>
    /// Every hosted service stops once (<see cref="HostedServicesStopOnce"/>; the factory stops the host twice, as in
    /// the tests). Applied here, after every registration, as <c>MarketplaceFactory</c> does: applied in
    /// <see cref="ConfigureWebHost"/> (2026-11-30, 5c65824) the hosts on Kestrel failed to start ("Server has
    /// already started"), so the checkout and HTTP ledger scenarios could not run.
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

        builder.ConfigureTestServices(PauseRelayIfAsked);
        builder.ConfigureServices(services =>
        {
            services.AddLogging(logging =>
            {
                logging.ClearProviders();
                logging.SetMinimumLevel(LogLevel.Warning);
                logging.AddProvider(Log);
            });
            // Singleton, as the host registers the contexts' options (ServiceDatabaseExtensions).
            services.ConfigureDbContext<LedgerSqliteDbContext>((_, o) => o.AddInterceptors(Sql), ServiceLifetime.Singleton);
            services.ConfigureDbContext<LedgerPostgresDbContext>((_, o) => o.AddInterceptors(Sql), ServiceLifetime.Singleton);
            if (_profile)
            {
                services.ConfigureDbContext<CatalogSqliteDbContext>((_, o) => o.AddInterceptors(CatalogSql), ServiceLifetime.Singleton);
                services.ConfigureDbContext<OrderingSqliteDbContext>((_, o) => o.AddInterceptors(OrderingSql), ServiceLifetime.Singleton);
            }
        });
    }

    /// <summary>
    /// BENCH_RELAY=off runs the ledger without its outbox relay (rows stay unsent), to measure how much the relay's
    /// write transactions delay the writer on SQLite, where only one write transaction runs at a time. Not for figures
    /// that are quoted as the service's throughput: the relay is part of the service.
    /// </summary>
    private static void PauseRelayIfAsked(IServiceCollection services)
    {
        if (!string.Equals(Environment.GetEnvironmentVariable("BENCH_RELAY"), "off", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        foreach (var relay in services.Where(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == typeof(OutboxRelay<LedgerDbContext>)).ToList())
        {
            services.Remove(relay);
        }
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (!IsPostgres)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        }

        // As catalog-search: keep the SQLite files to read afterwards (e.g. the outbox and inbox times of each order).
        if (Environment.GetEnvironmentVariable("BENCH_KEEP") is not null)
        {
            Console.WriteLine($"   kept {_directory} (BENCH_KEEP)");
            return;
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

/// <summary>Counts what the host logs at Warning and above and keeps the first few messages.</summary>
public sealed class HostLog : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _first = new();
    private int _warnings;
    private int _errors;

    public int Warnings => _warnings;

    public int Errors => _errors;

    public IReadOnlyCollection<string> FirstMessages => _first;

    /// <summary>Forgets the start-up's messages (EF probing a fresh database's migration history logs an error).</summary>
    public void Reset()
    {
        _first.Clear();
        Interlocked.Exchange(ref _warnings, 0);
        Interlocked.Exchange(ref _errors, 0);
    }

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, this);

    public void Dispose()
    {
    }

    private void Record(LogLevel level, string category, string message, Exception? exception)
    {
        Interlocked.Increment(ref level >= LogLevel.Error ? ref _errors : ref _warnings);
        if (_first.Count < 8)
        {
            var text = $"{level} {category}: {message}" + (exception is null ? "" : $" [{exception.GetType().Name}: {exception.Message}]");
            _first.Enqueue(text.ReplaceLineEndings(" ") is var line && line.Length > 400 ? line[..400] + "…" : line);
        }
    }

    private sealed class Logger(string category, HostLog log) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                log.Record(logLevel, category, formatter(state, exception), exception);
            }
        }
    }
}
