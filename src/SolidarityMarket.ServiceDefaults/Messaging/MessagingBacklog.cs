using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace SolidarityMarket.ServiceDefaults.Messaging;

/// <summary>What is waiting in one service database: the outbox rows not sent yet and the failed deliveries nobody dealt with.</summary>
public sealed record BacklogFigures(int Unsent, TimeSpan OldestUnsentAge, int UnsentWithManyAttempts, int FailedMessages);

/// <summary>
/// Reads the <see cref="BacklogFigures"/> of each service database and keeps the last reading for the
/// <c>messaging.*</c> gauges (meter <c>SolidarityMarket.Messaging</c>, tag <c>service</c>); a gauge callback cannot
/// query a database, so <see cref="MessagingBacklogSampler"/> and the health check refresh the reading.
/// </summary>
public sealed class MessagingBacklog
{
    public const string MeterName = "SolidarityMarket.Messaging";

    private readonly ConcurrentDictionary<string, BacklogFigures> _last = new();
    private readonly TimeProvider _time;
    private readonly MessagingHealthOptions _options;

    public MessagingBacklog(IMeterFactory meters, TimeProvider time, IOptions<MessagingHealthOptions> options)
    {
        _time = time;
        _options = options.Value;
        var meter = meters.Create(MeterName);
        meter.CreateObservableGauge("messaging.outbox.unsent", () => Measure(f => f.Unsent), "{message}", "Outbox rows not sent yet");
        meter.CreateObservableGauge("messaging.outbox.oldest_unsent_age", () => Measure(f => f.OldestUnsentAge.TotalSeconds), "s", "Age of the oldest outbox row not sent yet");
        meter.CreateObservableGauge("messaging.outbox.unsent_with_many_attempts", () => Measure(f => f.UnsentWithManyAttempts), "{message}", "Unsent outbox rows that failed at least Messaging:Health:AttemptsAlert deliveries");
        meter.CreateObservableGauge("messaging.failed", () => Measure(f => f.FailedMessages), "{message}", "Deliveries that failed after their retries and wait for an operator");
    }

    /// <summary>The last reading per service.</summary>
    public IReadOnlyDictionary<string, BacklogFigures> Last => _last;

    /// <summary>Reads one service database's figures now and keeps them for the gauges.</summary>
    public async Task<BacklogFigures> ReadAsync(ServiceDbContext db, CancellationToken cancellationToken)
    {
        var unsent = db.OutboxMessages.AsNoTracking().Where(m => m.SentAt == null);
        var count = await unsent.CountAsync(cancellationToken);
        var oldest = count == 0 ? (DateTimeOffset?)null : await unsent.OrderBy(m => m.CreatedAt).Select(m => (DateTimeOffset?)m.CreatedAt).FirstOrDefaultAsync(cancellationToken);
        var manyAttempts = count == 0 ? 0 : await unsent.CountAsync(m => m.Attempts >= _options.AttemptsAlert, cancellationToken);
        var failed = await db.FailedMessages.AsNoTracking().CountAsync(m => m.Status == FailedMessageStatus.Failed, cancellationToken);
        var age = oldest is { } at && _time.GetUtcNow() > at ? _time.GetUtcNow() - at : TimeSpan.Zero;
        var figures = new BacklogFigures(count, age, manyAttempts, failed);
        _last[db.Schema] = figures;
        return figures;
    }

    private IEnumerable<Measurement<T>> Measure<T>(Func<BacklogFigures, T> figure)
        where T : struct =>
        _last.Select(kv => new Measurement<T>(figure(kv.Value), new KeyValuePair<string, object?>("service", kv.Key)));
}
