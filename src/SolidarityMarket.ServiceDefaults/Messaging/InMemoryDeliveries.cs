using System.Collections.Concurrent;
using MassTransit;
using Microsoft.Extensions.Hosting;

namespace SolidarityMarket.ServiceDefaults.Messaging;

/// <summary>
/// The in-memory bus (the embedded default) keeps its queues in RAM: a message the relay handed over and marked sent
/// is gone if the process stops or crashes before every consumer has finished with it. This tracks each outbox row
/// handed to that bus until every endpoint that receives it has finished, and gives the
/// <see cref="Watermark"/>: a time before which every handed-over row has been dealt with. The watermark is kept on
/// disk (<see cref="InMemoryDeliveryWatermark"/>); the next start re-sends the rows marked sent since then
/// (<see cref="ResendUnconfirmedInMemoryDeliveries{TContext}"/>), and the consumers' inboxes absorb the copies of those
/// that had been consumed. Not used with RabbitMQ, whose queues are durable.
/// </summary>
public sealed class InMemoryDeliveries(MessagingBuilder messaging, TimeProvider time, IHostApplicationLifetime lifetime) : IReceiveObserver
{
    private readonly ConcurrentDictionary<Guid, Pending> _pending = new();
    private readonly ConcurrentDictionary<Type, int> _receivers = new();

    /// <summary>
    /// Called before the row is handed over (so that a delivery can never finish before it is expected). A published
    /// event reaches one endpoint per consumer of its type in this process; a sent command reaches one queue.
    /// </summary>
    public void Expect(Guid messageId, Type messageType, bool sentToOneQueue)
    {
        var receivers = sentToOneQueue ? 1 : _receivers.GetOrAdd(messageType, messaging.EndpointsConsuming);
        if (receivers > 0)
        {
            _pending[messageId] = new Pending(receivers, time.GetUtcNow());
        }
    }

    /// <summary>Rows handed over whose endpoints have not all finished with them.</summary>
    public int PendingCount => _pending.Count;

    /// <summary>The hand-over failed: the row stays unsent and the relay tries again.</summary>
    public void Forget(Guid messageId) => _pending.TryRemove(messageId, out _);

    /// <summary>Every row handed over before this time has been dealt with by all its endpoints.</summary>
    public DateTimeOffset Watermark()
    {
        // "Now" first: a row expected after this read has its hand-over time, and so its SentAt, after it.
        var watermark = time.GetUtcNow();
        foreach (var pending in _pending.Values)
        {
            if (pending.HandedAt < watermark)
            {
                watermark = pending.HandedAt;
            }
        }

        return watermark;
    }

    public Task PreReceive(ReceiveContext context) => Task.CompletedTask;

    public Task PostReceive(ReceiveContext context)
    {
        Ended(context, faulted: context.IsFaulted);
        return Task.CompletedTask;
    }

    public Task PostConsume<T>(ConsumeContext<T> context, TimeSpan duration, string consumerType)
        where T : class => Task.CompletedTask;

    public Task ConsumeFault<T>(ConsumeContext<T> context, TimeSpan duration, string consumerType, Exception exception)
        where T : class => Task.CompletedTask;

    public Task ReceiveFault(ReceiveContext context, Exception exception)
    {
        Ended(context, faulted: true);
        return Task.CompletedTask;
    }

    private void Ended(ReceiveContext context, bool faulted)
    {
        // A delivery that failed while the process is stopping (its consumer cancelled, its database closing) was
        // not dealt with: it stays pending, so the next start sends it again. Any other failure went to the
        // endpoint's error queue after the retries, as it would with RabbitMQ (and is logged).
        if (faulted && lifetime.ApplicationStopping.IsCancellationRequested)
        {
            return;
        }

        if (context.GetMessageId() is { } id && _pending.TryGetValue(id, out var pending) && Interlocked.Decrement(ref pending.Remaining) <= 0)
        {
            _pending.TryRemove(id, out _);
        }
    }

    private sealed class Pending(int remaining, DateTimeOffset handedAt)
    {
        public int Remaining = remaining;

        public DateTimeOffset HandedAt { get; } = handedAt;
    }
}
