using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Time.Testing;
using SolidarityMarket.ServiceDefaults.Data;
using SolidarityMarket.ServiceDefaults.Messaging;

namespace SolidarityMarket.ServiceDefaults.Tests.Messaging;

/// <summary>
/// Outbox rows that cannot leave and failed deliveries are visible: the "messaging" health check turns Degraded (not
/// Unhealthy: the service still works) with the figures in its data, and the <c>messaging.*</c> gauges report them.
/// The clock is a fake one, so "old" is exact.
/// </summary>
public sealed class MessagingHealthTests : IAsyncDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"sm-messaging-health-{Guid.NewGuid():N}.db");
    private readonly FakeTimeProvider _clock = new(Start);
    private readonly ServiceProvider _services;

    public MessagingHealthTests()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<Microsoft.Extensions.Configuration.IConfiguration>(new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build());
        services.AddMetrics();
        services.AddSingleton<TimeProvider>(_clock);
        services.AddDbContext<TestServiceDbContext, TestSqliteDbContext>(o => ProviderOptions.Configure(o, DatabaseProvider.Sqlite, $"Data Source={_file}", "testsvc"));
        services.AddOutbox<TestServiceDbContext>();
        services.Configure<MessagingHealthOptions>(o =>
        {
            o.OldestUnsentAfter = TimeSpan.FromMinutes(1);
            o.AttemptsAlert = 3;
        });
        _services = services.BuildServiceProvider();
    }

    [Fact]
    public async Task An_unsent_row_older_than_the_threshold_degrades_the_check_with_its_age_in_the_data()
    {
        await AddOutboxRowAsync(attempts: 0);

        _clock.Advance(TimeSpan.FromSeconds(59));
        var young = await CheckAsync();
        Assert.Equal(HealthStatus.Healthy, young.Status);
        Assert.Equal(1, young.Data["testsvc.outboxUnsent"]);

        _clock.Advance(TimeSpan.FromSeconds(2));
        var old = await CheckAsync();
        Assert.Equal(HealthStatus.Degraded, old.Status);
        Assert.Equal(61.0, old.Data["testsvc.outboxOldestUnsentAgeSeconds"]);
        Assert.Contains("waited 61 s", old.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_young_row_that_failed_the_alert_number_of_deliveries_degrades_the_check()
    {
        await AddOutboxRowAsync(attempts: 3);

        var report = await CheckAsync();

        Assert.Equal(HealthStatus.Degraded, report.Status);
        Assert.Equal(1, report.Data["testsvc.outboxUnsentWithManyAttempts"]);
    }

    [Fact]
    public async Task A_failed_delivery_waiting_for_an_operator_degrades_the_check_until_it_is_discarded()
    {
        await using (var scope = _services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TestServiceDbContext>();
            await db.Database.EnsureCreatedAsync();
            db.FailedMessages.Add(new FailedMessage { MessageId = Guid.NewGuid(), Queue = "q", MessageType = "t", Body = "{}", Consumer = "c", Error = "e", FirstFailedAt = Start, LastFailedAt = Start, Failures = 1 });
            await db.SaveChangesAsync();
        }

        Assert.Equal(HealthStatus.Degraded, (await CheckAsync()).Status);

        await using (var scope = _services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TestServiceDbContext>();
            var row = db.FailedMessages.Single();
            row.Status = FailedMessageStatus.Discarded;
            await db.SaveChangesAsync();
        }

        var after = await CheckAsync();
        Assert.Equal(HealthStatus.Healthy, after.Status);
        Assert.Equal(0, after.Data["testsvc.failedMessages"]);
    }

    [Fact]
    public async Task The_gauges_report_the_backlog_of_each_service()
    {
        await AddOutboxRowAsync(attempts: 4);
        await AddOutboxRowAsync(attempts: 0);
        _clock.Advance(TimeSpan.FromSeconds(90));
        await using (var scope = _services.CreateAsyncScope())
        {
            await _services.GetRequiredService<MessagingBacklog>().ReadAsync(scope.ServiceProvider.GetRequiredService<TestServiceDbContext>(), CancellationToken.None);
        }

        var seen = new Dictionary<string, double>();
        var factory = _services.GetRequiredService<IMeterFactory>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == MessagingBacklog.MeterName && instrument.Meter.Scope == factory)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<int>((i, value, tags, _) => Record(i, value, tags));
        listener.SetMeasurementEventCallback<double>((i, value, tags, _) => Record(i, value, tags));
        listener.Start();
        listener.RecordObservableInstruments();

        Assert.Equal(2, seen["messaging.outbox.unsent"]);
        Assert.Equal(90, seen["messaging.outbox.oldest_unsent_age"]);
        Assert.Equal(1, seen["messaging.outbox.unsent_with_many_attempts"]);
        Assert.Equal(0, seen["messaging.failed"]);

        void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            foreach (var tag in tags)
            {
                if (tag is { Key: "service", Value: "testsvc" })
                {
                    seen[instrument.Name] = value;
                }
            }
        }
    }

    private async Task AddOutboxRowAsync(int attempts)
    {
        await using var scope = _services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TestServiceDbContext>();
        await db.Database.EnsureCreatedAsync();
        db.OutboxMessages.Add(new OutboxMessage
        {
            Id = Guid.NewGuid(), MessageType = "widget", Body = "{}", CreatedAt = _clock.GetUtcNow(), NextAttemptAt = _clock.GetUtcNow().AddMinutes(5), Attempts = attempts,
        });
        await db.SaveChangesAsync();
    }

    private async Task<HealthReportEntry> CheckAsync()
    {
        await using (var scope = _services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<TestServiceDbContext>().Database.EnsureCreatedAsync();
        }

        var report = await _services.GetRequiredService<HealthCheckService>().CheckHealthAsync(c => c.Name == MessagingHealthCheck.Name);
        return report.Entries[MessagingHealthCheck.Name];
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        File.Delete(_file);
    }
}
