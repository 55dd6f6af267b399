using System.Net;
using System.Text.Json;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SolidarityMarket.ServiceDefaults.Data;
using SolidarityMarket.ServiceDefaults.Messaging;
using SolidarityMarket.ServiceDefaults.Tests.Messaging.Contracts;
using SolidarityMarket.ServiceDefaults.Web;
using SolidarityMarket.Testing;

namespace SolidarityMarket.ServiceDefaults.Tests.Messaging;

/// <summary>
/// A web host with the production messaging set-up and readiness endpoint, on Kestrel. MassTransit starts the bus in
/// the background; a readiness probe during that start gets 503 "starting", without the health checks logging the bus
/// as an Error (<c>masstransit-bus … Unhealthy … 'Not ready: not started'</c>) as they did in every normal start over
/// RabbitMQ. A bus that cannot start is still reported, once the grace has run out.
/// </summary>
public sealed class BusStartGraceTests : IAsyncDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("sm-bus-start-").FullName;
    private readonly int _port = HostExecutable.FreePort();
    private readonly CapturedLogs _log = new(LogLevel.Warning); // the problems: Warning and above
    private WebApplication? _app;

    [Fact]
    public async Task While_the_bus_starts_readiness_answers_503_starting_without_running_the_checks_and_nothing_is_logged_as_a_problem()
    {
        // The bus's start is held for 2 s before it binds its receive endpoints (as RabbitMQ's connection takes time).
        _app = await BuildAsync(new Dictionary<string, string?>(), busStartDelay: TimeSpan.FromSeconds(2));
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{_port}"), Timeout = TimeSpan.FromSeconds(10) };

        await _app.StartAsync();
        var first = await ReadyAsync(client);
        Assert.True(first.StatusCode == HttpStatusCode.ServiceUnavailable, $"first readiness answer {(int)first.StatusCode}: {first.Body}");
        Assert.Equal("Starting: the bus is not ready yet.", JsonDocument.Parse(first.Body).RootElement.GetProperty("description").GetString());

        await Eventually.TrueAsync(async () => (await ReadyAsync(client)).StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(30), "readiness 200 once the bus is ready");
        Assert.Equal(BusHealthStatus.Healthy, _app.Services.GetRequiredService<IBusControl>().CheckHealth().Status);
        Assert.True(_log.Entries.Count == 0, $"a normal start logged:\n{_log}");
    }

    [Fact]
    public async Task A_bus_still_not_ready_when_the_grace_ends_is_logged_once_and_readiness_then_reports_the_failing_check()
    {
        _app = await BuildAsync(new Dictionary<string, string?>
        {
            ["RabbitMq:Host"] = $"amqp://guest:guest@127.0.0.1:{HostExecutable.FreePort()}/", // nobody listens
            [MessagingExtensions.BusStartWaitKey] = "00:00:01",
        });
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{_port}"), Timeout = TimeSpan.FromSeconds(10) };

        await _app.StartAsync();
        await Eventually.TrueAsync(() => Task.FromResult(_log.Entries.Any(l => l.Category == typeof(BusStartGrace).FullName)), TimeSpan.FromSeconds(30), "the grace's error line");

        var ready = await ReadyAsync(client);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal("Unhealthy", JsonDocument.Parse(ready.Body).RootElement.GetProperty("checks").GetProperty("masstransit-bus").GetProperty("status").GetString());
        var grace = Assert.Single(_log.Entries, l => l.Category == typeof(BusStartGrace).FullName);
        Assert.Equal(LogLevel.Error, grace.Level);
        Assert.Contains("The bus is Unhealthy 00:00:01 after the start of this process", grace.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stop_during_the_grace_ends_it_quietly_and_the_host_stops_every_service_it_started()
    {
        var probe = new StartAndStopProbe();
        _app = await BuildAsync(new Dictionary<string, string?>
        {
            ["RabbitMq:Host"] = $"amqp://guest:guest@127.0.0.1:{HostExecutable.FreePort()}/", // nobody listens: the bus never gets ready
            [MessagingExtensions.BusStartWaitKey] = "00:05:00",
        }, startedBeforeTheBus: probe);
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{_port}"), Timeout = TimeSpan.FromSeconds(10) };

        var running = _app.RunAsync();
        await Eventually.TrueAsync(async () => await TryReadyAsync(client) == HttpStatusCode.ServiceUnavailable, TimeSpan.FromSeconds(30), "the server up, the bus starting");
        _app.Services.GetRequiredService<IHostApplicationLifetime>().StopApplication();

        await running.WaitAsync(TimeSpan.FromSeconds(60)); // neither the five minutes' grace nor an exception
        Assert.True(probe.Stopped, "the service started before the bus was not stopped");
        Assert.DoesNotContain(_log.Entries, l => l.Category == typeof(BusStartGrace).FullName);
        _app = null; // stopped and disposed by RunAsync
    }

    private static async Task<(HttpStatusCode StatusCode, string Body)> ReadyAsync(HttpClient client)
    {
        var response = await client.GetAsync("/health/ready");
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>The readiness status, or null while the server does not listen yet.</summary>
    private static async Task<HttpStatusCode?> TryReadyAsync(HttpClient client)
    {
        try
        {
            return (await client.GetAsync("/health/ready")).StatusCode;
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    /// <summary>A hosted service registered before the bus: says when it has started and whether it was stopped.</summary>
    private sealed class StartAndStopProbe : IHostedService
    {
        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool Stopped { get; private set; }

        public Task StartAsync(CancellationToken cancellationToken)
        {
            Started.TrySetResult();
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken)
        {
            Stopped = true;
            return Task.CompletedTask;
        }
    }

    private async Task<WebApplication> BuildAsync(Dictionary<string, string?> settings, TimeSpan? busStartDelay = null, StartAndStopProbe? startedBeforeTheBus = null)
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
        if (startedBeforeTheBus is not null)
        {
            builder.Services.AddHostedService(_ => startedBeforeTheBus); // the probe's own type, so the registration is distinct
        }

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
}
