using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SolidarityMarket.Ordering.Data;
using SolidarityMarket.Ordering.Orders;

namespace SolidarityMarket.Ordering.Jobs;

/// <summary>
/// Hourly (Hangfire, "ordering" queue): cancels paid orders the co-op has not fulfilled within
/// <see cref="OrderingOptions.FulfilmentDeadlineDays"/> of payment — stock released, credit hold voided or card
/// refunded — so the buyer is not left waiting and a credit hold never expires under an order that could still be
/// fulfilled. A credits order whose hold expires within <see cref="OrderingOptions.HoldExpiryMargin"/> is cancelled
/// too (only possible for holds placed under other settings): after expiry nothing could pay the co-op.
/// </summary>
public sealed class CancelUnfulfilledOrders(OrderingDbContext db, OrderSweep sweep, TimeProvider time, IOptions<OrderingOptions> options, ILogger<CancelUnfulfilledOrders> logger)
{
    public const string JobId = "ordering-cancel-unfulfilled-orders";

    public async Task<int> RunAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var paidBefore = now - TimeSpan.FromDays(options.Value.FulfilmentDeadlineDays);
        var holdExpiresBefore = now + options.Value.HoldExpiryMargin;
        var due = await db.Orders.AsNoTracking()
            .Where(o => o.Status == OrderStatus.Paid && o.PaidAt <= paidBefore)
            .OrderBy(o => o.PaidAt).Select(o => o.Id).Take(1000).ToListAsync(ct);
        var cancelled = await sweep.ApplyAsync(due, OrderTrigger.Cancel, Actors.FulfilmentDeadline, $"not fulfilled within {options.Value.FulfilmentDeadlineDays} days of payment", ct);

        cancelled += await sweep.ApplyToExpiringHoldsAsync(OrderStatus.Paid, holdExpiresBefore, OrderTrigger.Cancel, Actors.FulfilmentDeadline, "not fulfilled before its credit hold expires", ct);
        if (cancelled > 0)
        {
            logger.LogWarning("Cancelled {Count} paid orders not fulfilled by their deadline", cancelled);
        }

        return cancelled;
    }
}
