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
    /// <summary>
    /// Applies <paramref name="trigger"/> to the credits orders in <paramref name="status"/> whose ledger hold expires
    /// before <paramref name="holdExpiresBefore"/> (now + the margin): after expiry nothing could settle them, so the
    /// deadline jobs settle these early, each with its own reason in the history.
    /// </summary>
    public async Task<int> ApplyToExpiringHoldsAsync(OrderStatus status, DateTimeOffset holdExpiresBefore, OrderTrigger trigger, string actor, string reason, CancellationToken ct)
    {
        var due = await db.Orders.AsNoTracking()
            .Where(o => o.Status == status && o.HoldExpiresAt <= holdExpiresBefore)
            .OrderBy(o => o.HoldExpiresAt).Select(o => o.Id).Take(1000).ToListAsync(ct);
        return await ApplyAsync(due, trigger, actor, reason, ct);
    }

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
