using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SolidarityMarket.Ordering.Data;
using SolidarityMarket.Ordering.Orders;

namespace SolidarityMarket.Ordering.Jobs;

/// <summary>
/// Every minute (Hangfire, "ordering" queue): cancels orders still unpaid (Submitted, StockReserved, PaymentPending)
/// <see cref="OrderingOptions.UnpaidOrderTimeout"/> after they were created — stock released, hold voided. A card
/// payment that succeeds afterwards is refunded (see OrderWorkflow's late-payment compensation).
/// </summary>
public sealed class ExpireUnpaidOrders(OrderingDbContext db, OrderSweep sweep, TimeProvider time, IOptions<OrderingOptions> options, ILogger<ExpireUnpaidOrders> logger)
{
    public const string JobId = "ordering-expire-unpaid-orders";

    public async Task<int> RunAsync(CancellationToken ct)
    {
        var cutoff = time.GetUtcNow() - options.Value.UnpaidOrderTimeout;
        var due = await db.Orders.AsNoTracking()
            .Where(o => (o.Status == OrderStatus.Submitted || o.Status == OrderStatus.StockReserved || o.Status == OrderStatus.PaymentPending) && o.CreatedAt <= cutoff)
            .OrderBy(o => o.CreatedAt).Select(o => o.Id).Take(1000).ToListAsync(ct);
        var expired = await sweep.ApplyAsync(due, OrderTrigger.Expire, Actors.Expiry, $"unpaid after {options.Value.UnpaidOrderTimeout}", ct);
        if (expired > 0)
        {
            logger.LogInformation("Expired {Count} unpaid orders", expired);
        }

        return expired;
    }
}
