using SolidarityMarket.Ordering.Data;

namespace SolidarityMarket.Ordering.Orders;

/// <summary>
/// Money that did not move as the order's outcome says — the ledger refused to post or void a hold, or a card refund
/// failed. No status changes (the outcome stands), but it must not go unnoticed: each is written into the order's
/// history and kept as <see cref="Order.SettlementProblem"/>, which puts the order on the administrators' attention
/// list until one of them settles it by hand and clears it with a note. A second problem on an order that already has
/// one is put in front of it (the earlier ones follow, cut at the column's length; the history keeps every one whole):
/// kept only in the history, a refund failing on an order flagged for a refused transfer was on no list once the
/// first problem was cleared.
/// </summary>
public static class SettlementProblems
{
    /// <summary>Records a problem once: a repeat of the same notice (same reason) finds its history line and changes nothing.</summary>
    /// <returns>False when it was already recorded.</returns>
    public static async Task<bool> RecordAsync(OrderingDbContext db, Order order, string actor, string reason, DateTimeOffset now, CancellationToken ct)
    {
        reason = OrderHistoryEntry.Fit(reason);
        if (await db.OrderHistory.AnyAsync(h => h.OrderId == order.Id && h.Reason == reason, ct))
        {
            return false;
        }

        db.OrderHistory.Add(new OrderHistoryEntry { OrderId = order.Id, Status = order.Status, At = now, Actor = actor, Reason = reason });
        order.SettlementProblem = order.SettlementProblem is { } earlier ? OrderHistoryEntry.Fit($"{reason} (and earlier: {earlier})") : reason;
        order.SettlementProblemAt ??= now;
        order.UpdatedAt = now;
        order.Version++;
        return true;
    }

    /// <summary>An administrator settled it by hand: the note, who and the problem it replaces go into the history.</summary>
    public static void Clear(OrderingDbContext db, Order order, string adminUserId, string note, DateTimeOffset now)
    {
        db.OrderHistory.Add(new OrderHistoryEntry
        {
            OrderId = order.Id, Status = order.Status, At = now, Actor = adminUserId,
            Reason = OrderHistoryEntry.Fit($"settlement problem cleared by hand: {note} (was: {order.SettlementProblem})"),
        });
        order.SettlementProblem = null;
        order.SettlementProblemAt = null;
        order.UpdatedAt = now;
        order.Version++;
    }
}
