using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using SolidarityMarket.Ordering.Orders;
using SolidarityMarket.Testing;

namespace SolidarityMarket.Benchmarks;

/// <summary>How an order in flight ended for the benchmark: its status once it left Submitted / StockReserved /
/// PaymentPending, and Ordering's <c>PaidAt</c> (null unless it was paid); null status if it did not end in time.</summary>
public sealed record OrderEnd(OrderStatus? Status, DateTimeOffset? PaidAt);

/// <summary>
/// Observes orders reaching Paid (or Rejected / Cancelled) by polling Ordering's database in batches: every
/// <c>interval</c> one query reads the orders of all callers still waiting (<c>Id IN (…)</c>, up to 500 ids per
/// query) and completes the waits of those no longer in flight. The latency the benchmark reports does not depend on
/// the polling: it is Ordering's own <c>Order.PaidAt</c> minus the client's clock just before the checkout POST
/// (same machine, same clock). The polling only decides when a caller learns it may send its next checkout.
/// </summary>
public sealed class OrderWatcher : IAsyncDisposable
{
    private readonly IMarketUnderTest _market;
    private readonly TimeSpan _interval;
    private readonly ConcurrentDictionary<Guid, TaskCompletionSource<OrderEnd>> _waiting = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private long _polls;
    private long _pollTicks;
    private int _errors;
    private string? _firstError;

    public OrderWatcher(IMarketUnderTest market, TimeSpan interval)
    {
        _market = market;
        _interval = interval;
        _loop = Task.Run(LoopAsync);
    }

    /// <summary>Waits until the order leaves the in-flight statuses, or <paramref name="timeout"/> (status null).</summary>
    public async Task<OrderEnd> WaitAsync(Guid orderId, TimeSpan timeout)
    {
        var wait = _waiting.GetOrAdd(orderId, _ => new TaskCompletionSource<OrderEnd>(TaskCreationOptions.RunContinuationsAsynchronously));
        try
        {
            return await wait.Task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            return new OrderEnd(null, null);
        }
        finally
        {
            _waiting.TryRemove(orderId, out _);
        }
    }

    /// <summary>Polls so far, their mean duration, and errors.</summary>
    public string Describe() =>
        $"observer: {_polls:N0} polls of Ordering's database every {_interval.TotalMilliseconds:0} ms, mean {(_polls == 0 ? 0 : ClosedLoop.TicksToMs(_pollTicks) / _polls):0.00} ms each" +
        (_errors > 0 ? $"; {_errors} failed polls (first: {_firstError})" : "");

    public void ResetCounters()
    {
        Interlocked.Exchange(ref _polls, 0);
        Interlocked.Exchange(ref _pollTicks, 0);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }

        _stop.Dispose();
    }

    private async Task LoopAsync()
    {
        using var timer = new PeriodicTimer(_interval);
        while (await timer.WaitForNextTickAsync(_stop.Token))
        {
            var ids = _waiting.Keys.ToArray();
            if (ids.Length == 0)
            {
                continue;
            }

            var started = Stopwatch.GetTimestamp();
            try
            {
                foreach (var chunk in ids.Chunk(500))
                {
                    var ended = await _market.WithOrderingAsync(db => db.Orders.AsNoTracking()
                        .Where(o => chunk.Contains(o.Id) && o.Status != OrderStatus.Submitted && o.Status != OrderStatus.StockReserved && o.Status != OrderStatus.PaymentPending)
                        .Select(o => new { o.Id, o.Status, o.PaidAt })
                        .ToListAsync(_stop.Token));
                    foreach (var order in ended)
                    {
                        if (_waiting.TryGetValue(order.Id, out var wait))
                        {
                            wait.TrySetResult(new OrderEnd(order.Status, order.PaidAt));
                        }
                    }
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                if (Interlocked.Increment(ref _errors) == 1)
                {
                    _firstError = $"{ex.GetType().Name}: {ex.Message.ReplaceLineEndings(" ")}";
                }
            }

            Interlocked.Increment(ref _polls);
            Interlocked.Add(ref _pollTicks, Stopwatch.GetTimestamp() - started);
        }
    }
}
