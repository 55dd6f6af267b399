using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SolidarityMarket.Ordering.Data;
using SolidarityMarket.Ordering.Orders;

namespace SolidarityMarket.Ordering.Jobs;

/// <summary>
/// Hourly (Hangfire, "ordering" queue): completes fulfilled orders the buyer has not confirmed within
/// <see cref="OrderingOptions.AutoCompleteAfterDays"/> days of fulfilment — credits are posted. A disputed order is not
/// Fulfilled, so it waits for an administrator. A credits order whose hold expires within
/// <see cref="OrderingOptions.HoldExpiryMargin"/> is completed early (only possible for holds placed under other
/// settings): the co-op delivered, and after expiry nothing could pay it.
/// </summary>
public sealed class AutoCompleteOrders(OrderingDbContext db, OrderSweep sweep, TimeProvider time, IOptions<OrderingOptions> options, ILogger<AutoCompleteOrders> logger)
{
    public const string JobId = "ordering-auto-complete-orders";

    public async Task<int> RunAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var cutoff = now - TimeSpan.FromDays(options.Value.AutoCompleteAfterDays);
        var holdExpiresBefore = now + options.Value.HoldExpiryMargin;
        var due = await db.Orders.AsNoTracking()
            .Where(o => o.Status == OrderStatus.Fulfilled && o.FulfilledAt <= cutoff)
            .OrderBy(o => o.FulfilledAt).Select(o => o.Id).Take(1000).ToListAsync(ct);
        var completed = await sweep.ApplyAsync(due, OrderTrigger.AutoComplete, Actors.AutoComplete, $"not confirmed within {options.Value.AutoCompleteAfterDays} days", ct);

        completed += await sweep.ApplyToExpiringHoldsAsync(OrderStatus.Fulfilled, holdExpiresBefore, OrderTrigger.AutoComplete, Actors.AutoComplete, "completed before its credit hold expires", ct);
        if (completed > 0)
        {
            logger.LogInformation("Auto-completed {Count} fulfilled orders", completed);
        }

        return completed;
    }
}
