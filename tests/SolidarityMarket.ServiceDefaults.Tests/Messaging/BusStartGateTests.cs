using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SolidarityMarket.ServiceDefaults.Data;
using SolidarityMarket.ServiceDefaults.Messaging;
using SolidarityMarket.ServiceDefaults.Tests.Messaging.Contracts;
using SolidarityMarket.ServiceDefaults.Web;
using SolidarityMarket.Testing;

namespace SolidarityMarket.ServiceDefaults.Tests.Messaging;

/// <summary>
/// A web host with the production messaging set-up and readiness endpoint, on Kestrel. MassTransit starts the bus in
/// the background; the web server must not answer before the bus is ready, or a readiness probe at start-up gets a 503
/// and the health checks log an Error (<c>masstransit-bus … Unhealthy … 'Not ready: not started'</c>) in a normal
/// start — seen on every separate process over RabbitMQ. A bus that cannot start is still reported.
/// </summary>
public sealed class BusStartGateTests : IAsyncDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("sm-bus-start-").FullName;
    private readonly int _port = HostExecutable.FreePort();
    private readonly LogLines _log = new();
    private WebApplication? _app;

    [Fact]
    public async Task A_slow_bus_start_keeps_the_server_closed_so_the_first_readiness_probe_is_healthy_and_nothing_is_logged_as_a_problem()
    {
        // The bus's start is held for 2 s before it binds its receive endpoints (as RabbitMQ's connection takes time).
        _app = await BuildAsync(new Dictionary<string, string?>(), busStartDelay: TimeSpan.FromSeconds(2));
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{_port}"), Timeout = TimeSpan.FromSeconds(10) };

        var starting = _app.StartAsync();
        var first = await FirstAnswerAsync(client, starting);
        await starting;

        Assert.True(first.StatusCode == HttpStatusCode.OK, $"first readiness answer {(int)first.StatusCode}: {first.Body}\n{_log}");
        Assert.Equal(BusHealthStatus.Healthy, _app.Services.GetRequiredService<IBusControl>().CheckHealth().Status);
        Assert.True(_log.Problems.Count == 0, $"a normal start logged:\n{_log}");
    }

    [Fact]
    public async Task An_unreachable_RabbitMQ_is_logged_after_the_wait_and_readiness_answers_503()
    {
        var closedPort = HostExecutable.FreePort();
        _app = await BuildAsync(new Dictionary<string, string?>
        {
            ["RabbitMq:Host"] = $"amqp://guest:guest@127.0.0.1:{closedPort}/",
            [MessagingExtensions.BusStartWaitKey] = "00:00:01",
        });
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{_port}"), Timeout = TimeSpan.FromSeconds(10) };

        var watch = Stopwatch.StartNew();
        await _app.StartAsync();
        Assert.InRange(watch.Elapsed, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));

        var ready = await client.GetAsync("/health/ready");
        var body = await ready.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal("Unhealthy", JsonDocument.Parse(body).RootElement.GetProperty("checks").GetProperty("masstransit-bus").GetProperty("status").GetString());
        var gate = Assert.Single(_log.Problems, l => l.Category == typeof(BusStartGate).FullName);
        Assert.Equal(LogLevel.Error, gate.Level);
        Assert.Contains("The bus is Unhealthy 00:00:01 after the start of this process", gate.Message, StringComparison.Ordinal);
    }

    private async Task<WebApplication> BuildAsync(Dictionary<string, string?> settings, TimeSpan? busStartDelay = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production", ContentRootPath = _directory });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:Directory"] = _directory,
            ["Database:Provider"] = "Sqlite",
        });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.WebHost.UseUrls($"http://127.0.0.1:{_port}");
        builder.Logging.ClearProviders().AddProvider(_log);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddHealthChecks();
        builder.AddServiceDatabase<TestServiceDbContext, TestSqliteDbContext, TestPostgresDbContext, TestSqlServerDbContext>("TestSvc");
        var prefix = "g" + Guid.NewGuid().ToString("N")[..10];
        builder.Messaging()
            .AddMessageAssembly(typeof(WidgetCreated).Assembly)
            .AddConsumer<RecordWidgetEffect>(prefix, "widget-created")
            .Configure(x =>
            {
                if (busStartDelay is { } delay)
                {
                    x.AddBusObserver(_ => new SlowBusStart(delay));
                }
            });
        builder.AddSolidarityMessaging();

        var app = builder.Build();
        app.MapSolidarityHealth();
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<TestServiceDbContext>().Database.EnsureCreatedAsync();
        return app;
    }

    /// <summary>Polls <c>/health/ready</c> as a readiness probe does, from the moment the host begins to start, until the server answers.</summary>
    private static async Task<(HttpStatusCode StatusCode, string Body)> FirstAnswerAsync(HttpClient client, Task starting)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                var response = await client.GetAsync("/health/ready");
                return (response.StatusCode, await response.Content.ReadAsStringAsync());
            }
            catch (HttpRequestException) when (!starting.IsFaulted && watch.Elapsed < TimeSpan.FromSeconds(30))
            {
                // Not listening yet.
            }

            await Task.Delay(20); // the probe's interval, not a synchronisation sleep
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            await _app.StopAsync(stopping.Token);
            await _app.DisposeAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still open by a closing connection; the temp folder is cleaned by the OS.
        }
    }

    /// <summary>The log lines at Warning or above, kept for the assertions.</summary>
    private sealed class LogLines : ILoggerProvider
    {
        private readonly ConcurrentQueue<(LogLevel Level, string Category, string Message)> _problems = new();

        public IReadOnlyCollection<(LogLevel Level, string Category, string Message)> Problems => _problems;

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void Dispose()
        {
        }

        public override string ToString() => string.Join('\n', _problems.Select(p => $"{p.Level} {p.Category}: {p.Message}"));

        private sealed class Logger(LogLines lines, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (IsEnabled(logLevel))
                {
                    lines._problems.Enqueue((logLevel, category, formatter(state, exception)));
                }
            }
        }
    }
}
