using System.Collections.Concurrent;
using MassTransit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SolidarityMarket.ServiceDefaults.Messaging;
using SolidarityMarket.ServiceDefaults.Tests.Messaging.Contracts;

namespace SolidarityMarket.ServiceDefaults.Tests.Messaging;

/// <summary>Records one <see cref="Effect"/> per application of a <see cref="WidgetCreated"/>.</summary>
public sealed class RecordWidgetEffect(TestServiceDbContext db, TimeProvider time, ILogger<RecordWidgetEffect> logger)
    : InboxConsumer<WidgetCreated, TestServiceDbContext>(db, time, logger)
{
    protected override string ConsumerName => "test.record-widget-effect";

    protected override Task HandleAsync(WidgetCreated message, ConsumeContext<WidgetCreated> context)
    {
        Db.Effects.Add(new Effect { Id = Guid.NewGuid(), WidgetId = message.WidgetId });
        return Task.CompletedTask;
    }
}

/// <summary>
/// Waits until the host is stopping and then fails, as a consumer cut short by a shutdown does, for the widgets in
/// <see cref="CrashPlan.HoldUntilStopping"/>; records the effect through an inbox otherwise. It waits before the inbox
/// transaction begins, so it holds no database lock meanwhile.
/// </summary>
public sealed class HoldingWidgetConsumer(TestServiceDbContext db, TimeProvider time, CrashPlan plan, IHostApplicationLifetime lifetime, ILogger<HoldingWidgetConsumer> logger)
    : IConsumer<HeldWidgetCreated>
{
    public async Task Consume(ConsumeContext<HeldWidgetCreated> context)
    {
        if (plan.HoldUntilStopping.ContainsKey(context.Message.WidgetId))
        {
            plan.HoldUntilStopping[context.Message.WidgetId] = true;
            await Task.Delay(Timeout.Infinite, lifetime.ApplicationStopping);
        }

        await new RecordHeldWidgetEffect(db, time, logger).Consume(context);
    }

    private sealed class RecordHeldWidgetEffect(TestServiceDbContext db, TimeProvider time, ILogger logger)
        : InboxConsumer<HeldWidgetCreated, TestServiceDbContext>(db, time, logger)
    {
        protected override string ConsumerName => "test.record-held-widget-effect";

        protected override Task HandleAsync(HeldWidgetCreated message, ConsumeContext<HeldWidgetCreated> context)
        {
            Db.Effects.Add(new Effect { Id = Guid.NewGuid(), WidgetId = message.WidgetId });
            return Task.CompletedTask;
        }
    }
}

/// <summary>
/// An inbox consumer on the service database that fails while its widget is in <see cref="CrashPlan.Broken"/> (a bug
/// in the consumer) and records its effect once fixed: its failed deliveries go to the FailedMessages table.
/// </summary>
public sealed class FailsUntilFixed(TestServiceDbContext db, TimeProvider time, CrashPlan plan, ILogger<FailsUntilFixed> logger)
    : InboxConsumer<BrokenWidget, TestServiceDbContext>(db, time, logger)
{
    protected override string ConsumerName => "test.fails-until-fixed";

    protected override Task HandleAsync(BrokenWidget message, ConsumeContext<BrokenWidget> context)
    {
        if (plan.Broken.ContainsKey(message.WidgetId))
        {
            throw new InvalidOperationException($"Widget {message.WidgetId} hits a bug.");
        }

        Db.Effects.Add(new Effect { Id = Guid.NewGuid(), WidgetId = message.WidgetId });
        return Task.CompletedTask;
    }
}

public sealed class AlwaysFails : IConsumer<PoisonWidget>
{
    public Task Consume(ConsumeContext<PoisonWidget> context) =>
        throw new InvalidOperationException($"Widget {context.Message.WidgetId} is poison.");
}

/// <summary>Sees the fault MassTransit publishes after the retries are exhausted.</summary>
public sealed class FaultWatcher(Observed observed) : IConsumer<Fault<PoisonWidget>>
{
    public Task Consume(ConsumeContext<Fault<PoisonWidget>> context)
    {
        observed.Faulted[context.Message.Message.WidgetId] = context.Message.Exceptions.FirstOrDefault()?.Message ?? "";
        return Task.CompletedTask;
    }
}

/// <summary>What the test bus saw: completed consumes of each widget (duplicates included) and faults.</summary>
public sealed class Observed : IConsumeObserver
{
    public ConcurrentDictionary<Guid, int> Consumed { get; } = new();

    public ConcurrentDictionary<Guid, string> Faulted { get; } = new();

    public Task PreConsume<T>(ConsumeContext<T> context)
        where T : class => Task.CompletedTask;

    public Task PostConsume<T>(ConsumeContext<T> context)
        where T : class
    {
        if (context.Message is WidgetCreated created)
        {
            Consumed.AddOrUpdate(created.WidgetId, 1, (_, n) => n + 1);
        }
        else if (context.Message is BrokenWidget broken)
        {
            Consumed.AddOrUpdate(broken.WidgetId, 1, (_, n) => n + 1);
        }

        return Task.CompletedTask;
    }

    public Task ConsumeFault<T>(ConsumeContext<T> context, Exception exception)
        where T : class => Task.CompletedTask;

    public int ConsumedCount(Guid widgetId) => Consumed.TryGetValue(widgetId, out var n) ? n : 0;
}

/// <summary>
/// Simulates a relay that dies after the broker took the message and before the outbox row was marked sent:
/// it delivers, then throws, for the widgets listed in <see cref="CrashPlan.CrashAfterDelivering"/> (once each).
/// Simulates a publish whose broker confirm never comes (as RabbitMQ.Client 7.2 can leave one after a broker restart)
/// for the widgets in <see cref="CrashPlan.HangOnce"/>: that delivery never completes and ignores its token (once each).
/// </summary>
public sealed class CrashingTransport(MassTransitOutboxTransport inner, CrashPlan plan) : IOutboxTransport
{
    public async Task DeliverAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        var hung = plan.HangOnce.Keys.FirstOrDefault(w => message.Body.Contains(w.ToString(), StringComparison.Ordinal));
        if (hung != Guid.Empty && plan.HangOnce.TryRemove(hung, out _))
        {
            await new TaskCompletionSource().Task;
        }

        await inner.DeliverAsync(message, cancellationToken);
        plan.Deliveries.AddOrUpdate(message.Id, 1, (_, n) => n + 1);
        var widget = plan.CrashAfterDelivering.Keys.FirstOrDefault(w => message.Body.Contains(w.ToString(), StringComparison.Ordinal));
        if (widget != Guid.Empty && plan.CrashAfterDelivering.TryRemove(widget, out _))
        {
            throw new IOException("Simulated relay crash between publish and mark-sent.");
        }
    }
}

public sealed class CrashPlan
{
    /// <summary>Widget ids whose outbox message should "crash" the relay after delivery, once.</summary>
    public ConcurrentDictionary<Guid, bool> CrashAfterDelivering { get; } = new();

    /// <summary>Widget ids whose outbox message's first delivery should never complete.</summary>
    public ConcurrentDictionary<Guid, bool> HangOnce { get; } = new();

    public ConcurrentDictionary<Guid, int> Deliveries { get; } = new();

    /// <summary>
    /// Widget ids whose consumer waits until the host is stopping and then fails (as a consumer cut short by a
    /// shutdown does); the value turns true once the consumer has the message.
    /// </summary>
    public ConcurrentDictionary<Guid, bool> HoldUntilStopping { get; } = new();

    /// <summary>Widget ids whose <see cref="FailsUntilFixed"/> consumer fails (until removed: the bug is fixed).</summary>
    public ConcurrentDictionary<Guid, bool> Broken { get; } = new();
}
