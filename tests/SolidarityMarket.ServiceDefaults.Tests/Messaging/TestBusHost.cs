using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SolidarityMarket.ServiceDefaults.Data;
using SolidarityMarket.ServiceDefaults.Hosting;
using SolidarityMarket.ServiceDefaults.Messaging;
using SolidarityMarket.ServiceDefaults.Tests.Messaging.Contracts;

namespace SolidarityMarket.ServiceDefaults.Tests.Messaging;

public enum Transport
{
    InMemory,
    RabbitMq,
}

/// <summary>
/// A real host with the production messaging code (outbox relay, inbox consumer, MassTransit) over a real SQLite
/// database and either the in-memory transport or a real RabbitMQ. Queue names carry a unique prefix per host.
/// </summary>
public sealed class TestBusHost : IAsyncDisposable
{
    private readonly IHost _host;
    private readonly string _directory;
    private readonly string? _rabbitUri;
    private readonly bool _ownsDirectory;

    private TestBusHost(IHost host, string directory, bool ownsDirectory, string prefix, string? rabbitUri)
    {
        _host = host;
        _directory = directory;
        _ownsDirectory = ownsDirectory;
        Prefix = prefix;
        _rabbitUri = rabbitUri;
    }

    public string Prefix { get; }

    public IServiceProvider Services => _host.Services;

    public Observed Observed => Services.GetRequiredService<Observed>();

    public CrashPlan CrashPlan => Services.GetRequiredService<CrashPlan>();

    public string WidgetQueue => $"{Prefix}-widget-created";

    public string PoisonQueue => $"{Prefix}-poison";

    public string BrokenQueue => $"{Prefix}-broken";

    /// <summary>
    /// Starts a host on a fresh folder, or on <paramref name="directory"/> (kept: its owner deletes it) to restart on
    /// the same files; with the <paramref name="prefix"/> of the previous host, it has the same queues.
    /// </summary>
    /// <param name="widgetsBeforeStart">Widgets created (with their event in the outbox) before the host starts.</param>
    /// <param name="busStartDelay">Holds the bus's start this long (a slow start), while the other hosted services run.</param>
    public static async Task<TestBusHost> StartAsync(
        Transport transport, string? directory = null, string? prefix = null, IReadOnlyList<Guid>? widgetsBeforeStart = null, TimeSpan? busStartDelay = null)
    {
        var rabbitUri = transport == Transport.RabbitMq ? await SolidarityMarket.Testing.TestServers.RequireRabbitMqAsync() : null;
        prefix ??= "t" + Guid.NewGuid().ToString("N")[..10];
        var ownsDirectory = directory is null;
        directory ??= Directory.CreateTempSubdirectory("sm-bus-").FullName;

        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:Directory"] = directory,
            ["Database:Provider"] = "Sqlite",
            ["RabbitMq:Host"] = rabbitUri,
            ["Messaging:Outbox:InitialBackoff"] = "00:00:00.050",
            ["Messaging:Outbox:PollInterval"] = "00:00:00.200",
            ["Messaging:Outbox:DeliveryTimeout"] = "00:00:01",
        });
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<Observed>();
        builder.Services.AddSingleton<CrashPlan>();
        builder.Services.AddScoped<MassTransitOutboxTransport>();
        builder.Services.AddScoped<IOutboxTransport, CrashingTransport>();
        builder.AddServiceDatabase<TestServiceDbContext, TestSqliteDbContext, TestPostgresDbContext, TestSqlServerDbContext>("TestSvc");
        builder.Messaging()
            .AddMessageAssembly(typeof(WidgetCreated).Assembly)
            .AddConsumer<RecordWidgetEffect>(prefix, "widget-created")
            .AddConsumer<AlwaysFails>(prefix, "poison")
            .AddConsumer<HoldingWidgetConsumer>(prefix, "held-widget")
            .AddConsumer<FaultWatcher>(prefix, "poison-faults")
            .AddConsumer<FailsUntilFixed>(prefix, "broken")
            .Configure(x =>
            {
                x.AddConsumeObserver(sp => sp.GetRequiredService<Observed>());
                if (busStartDelay is { } delay)
                {
                    x.AddBusObserver(_ => new SlowBusStart(delay));
                }
            });
        builder.AddSolidarityMessaging();

        var host = builder.Build();
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TestServiceDbContext>();
            await db.Database.EnsureCreatedAsync();
            foreach (var widgetId in widgetsBeforeStart ?? [])
            {
                db.Widgets.Add(new Widget { Id = widgetId });
                db.Publish(new WidgetCreated(widgetId), TimeProvider.System.GetUtcNow());
            }

            await db.SaveChangesAsync();

            // The messaging start-up task the real host runs before the bus starts (the others need Hangfire and migrations).
            foreach (var task in host.Services.GetServices<IStartupTask>().OfType<ResendUnconfirmedInMemoryDeliveries<TestServiceDbContext>>())
            {
                await task.RunAsync(scope.ServiceProvider, CancellationToken.None);
            }
        }

        await host.StartAsync();
        await host.Services.GetRequiredService<IBusControl>().WaitForHealthStatus(BusHealthStatus.Healthy, TimeSpan.FromSeconds(30));
        return new TestBusHost(host, directory, ownsDirectory, prefix, rabbitUri);
    }

    /// <summary>A state change and its event, saved together — what every feature does.</summary>
    public async Task<Guid> CreateWidgetAsync(Guid? id = null)
    {
        var widgetId = id ?? Guid.NewGuid();
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TestServiceDbContext>();
        db.Widgets.Add(new Widget { Id = widgetId });
        db.Publish(new WidgetCreated(widgetId), TimeProvider.System.GetUtcNow());
        await db.SaveChangesAsync();
        return widgetId;
    }

    /// <summary>As <see cref="CreateWidgetAsync"/>, with a <see cref="HeldWidgetCreated"/> (see <see cref="HoldingWidgetConsumer"/>).</summary>
    public async Task CreateHeldWidgetAsync(Guid widgetId)
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TestServiceDbContext>();
        db.Widgets.Add(new Widget { Id = widgetId });
        db.Publish(new HeldWidgetCreated(widgetId), TimeProvider.System.GetUtcNow());
        await db.SaveChangesAsync();
    }

    public async Task<T> QueryAsync<T>(Func<TestServiceDbContext, Task<T>> query)
    {
        await using var scope = Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<TestServiceDbContext>());
    }

    /// <summary>As <see cref="CreateWidgetAsync"/>, with a <see cref="BrokenWidget"/> (see <see cref="FailsUntilFixed"/>).</summary>
    public async Task CreateBrokenWidgetAsync(Guid widgetId)
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TestServiceDbContext>();
        db.Widgets.Add(new Widget { Id = widgetId });
        db.Publish(new BrokenWidget(widgetId), TimeProvider.System.GetUtcNow());
        await db.SaveChangesAsync();
    }

    public Task<int> EffectsAsync(Guid widgetId) => QueryAsync(db => db.Effects.CountAsync(e => e.WidgetId == widgetId));

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
        if (_rabbitUri is not null)
        {
            await RabbitQueues.DeleteAsync(_rabbitUri, WidgetQueue, PoisonQueue, PoisonQueue + "_error", $"{Prefix}-poison-faults", WidgetQueue + "_error", $"{Prefix}-held-widget", BrokenQueue, BrokenQueue + "_error");
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (!_ownsDirectory)
        {
            return;
        }

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

/// <summary>A bus whose start is held for a while before it binds its receive endpoints (a slow start under load).</summary>
public sealed class SlowBusStart(TimeSpan delay) : IBusObserver
{
    public void PostCreate(IBus bus)
    {
    }

    public void CreateFaulted(Exception exception)
    {
    }

    public Task PreStart(IBus bus) => Task.Delay(delay);

    public Task PostStart(IBus bus, Task<BusReady> busReady) => Task.CompletedTask;

    public Task StartFaulted(IBus bus, Exception exception) => Task.CompletedTask;

    public Task PreStop(IBus bus) => Task.CompletedTask;

    public Task PostStop(IBus bus) => Task.CompletedTask;

    public Task StopFaulted(IBus bus, Exception exception) => Task.CompletedTask;
}
