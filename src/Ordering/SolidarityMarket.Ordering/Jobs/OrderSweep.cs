using Microsoft.Extensions.Logging;
using SolidarityMarket.Ordering.Data;
using SolidarityMarket.Ordering.Orders;

namespace SolidarityMarket.Ordering.Jobs;

/// <summary>
/// Applies one trigger to each order a job selected, each in its own save: an order that changed meanwhile (a payment
/// arrived, the buyer confirmed) fails on its concurrency token or is refused by the state machine, and is left
/// alone — the next run looks again. So two runs at once (replicas) never apply anything twice.
/// </summary>
public sealed class OrderSweep(OrderingDbContext db, OrderWorkflow workflow, ILogger<OrderSweep> logger)
{
    public async Task<int> ApplyAsync(IReadOnlyList<Guid> orderIds, OrderTrigger trigger, string actor, string reason, CancellationToken ct)
    {
        var applied = 0;
        foreach (var id in orderIds)
        {
            db.ChangeTracker.Clear();
            var order = await db.Orders.FirstOrDefaultAsync(o => o.Id == id, ct);
            if (order is null || (await workflow.ApplyAsync(order, trigger, actor, reason, ct)).Kind != TransitionKind.Apply)
            {
                continue;
            }

            try
            {
                await db.SaveChangesAsync(ct);
                applied++;
            }
            catch (DbUpdateConcurrencyException)
            {
                logger.LogInformation("Order {OrderId} changed while {Actor} ran; left for the next run", id, actor);
            }
        }

        db.ChangeTracker.Clear();
        return applied;
    }
}
