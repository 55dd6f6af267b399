using Microsoft.Extensions.Options;
using SolidarityMarket.Ordering.Data;

namespace SolidarityMarket.Ordering.Orders;

/// <summary>Why an order needs an administrator.</summary>
public static class AttentionKinds
{
    /// <summary>The ledger refused to post or void the order's hold; nothing will settle it without a person.</summary>
    public const string SettlementRejected = "settlement-rejected";

    /// <summary>A dispute older than <see cref="OrderingOptions.DisputeResolutionDays"/>.</summary>
    public const string DisputeOverdue = "dispute-overdue";

    /// <summary>A disputed credits order whose hold expires within <see cref="OrderingOptions.HoldExpiryMargin"/>: resolve it now or the hold's expiry decides (credits back to the buyer).</summary>
    public const string HoldExpiring = "hold-expiring";
}

/// <summary>An order needing an administrator; <see cref="VendorName"/> from Ordering's copy of the vendor.</summary>
public sealed record AttentionItem(
    Guid OrderId, Guid VendorId, string BuyerUserId, string PaymentMethod, string Status, long Total, string Kind, string Detail,
    DateTimeOffset Since, DateTimeOffset? HoldExpiresAt, string VendorName = "");

/// <summary>
/// The orders no job will settle on its own and an administrator must look at: settlement refused by the ledger,
/// disputes past their resolution window or whose hold is about to expire. Computed from the orders each time, so
/// an order leaves the list as soon as it is resolved (a settlement problem stays: it is settled outside Ordering).
/// </summary>
public sealed class OrdersNeedingAttention(OrderingDbContext db, TimeProvider time, IOptions<OrderingOptions> options)
{
    public const int Max = 500;

    public async Task<IReadOnlyList<AttentionItem>> ListAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var disputedBefore = now - TimeSpan.FromDays(options.Value.DisputeResolutionDays);
        var holdExpiresBefore = now + options.Value.HoldExpiryMargin;
        var orders = await db.Orders.AsNoTracking()
            .Where(o => o.SettlementProblem != null
                || (o.Status == OrderStatus.Disputed && (o.DisputedAt <= disputedBefore || o.HoldExpiresAt <= holdExpiresBefore)))
            .OrderBy(o => o.UpdatedAt).Take(Max).ToListAsync(ct);
        var names = await VendorNames.OfAsync(db, orders, ct);
        return [.. orders.Select(o => Describe(o, disputedBefore, holdExpiresBefore) with { VendorName = names.GetValueOrDefault(o.VendorId, "") })];
    }

    private AttentionItem Describe(Order o, DateTimeOffset disputedBefore, DateTimeOffset holdExpiresBefore)
    {
        var (kind, detail, since) = o switch
        {
            { SettlementProblem: { } problem } => (AttentionKinds.SettlementRejected, problem, o.SettlementProblemAt ?? o.UpdatedAt),
            { HoldExpiresAt: { } expires } when expires <= holdExpiresBefore =>
                (AttentionKinds.HoldExpiring, $"Disputed; the credit hold expires at {expires:O}. Resolve it before, or the expiry returns the credits to the buyer.", o.DisputedAt ?? o.UpdatedAt),
            _ => (AttentionKinds.DisputeOverdue, $"Disputed for more than {options.Value.DisputeResolutionDays} days.", o.DisputedAt ?? o.UpdatedAt),
        };
        return new AttentionItem(o.Id, o.VendorId, o.BuyerUserId, o.PaymentMethod.ToString().ToLowerInvariant(), o.Status.ToString(), o.Total, kind, detail, since, o.HoldExpiresAt);
    }
}
