using SolidarityMarket.Ordering.Data;
using SolidarityMarket.Ordering.Orders;
using SolidarityMarket.ServiceDefaults.Auth;
using SolidarityMarket.ServiceDefaults.Web;

namespace SolidarityMarket.Ordering.Features.Orders;

/// <summary>
/// <c>GET /api/ordering/disputes?page=&amp;pageSize=</c> (administrators): the open disputes, oldest dispute first — the
/// queue an administrator works through before the resolution window (and the credit hold) runs out. Each item carries
/// what deciding needs at a glance: the vendor's name (Ordering's copy), the buyer, the money, and the buyer's reason,
/// which lives only in the order's history (the Disputed entry), not on the order.
/// </summary>
public static class ListDisputes
{
    public const int MaxPageSize = 100;

    public sealed record DisputeItem(
        Guid OrderId, Guid VendorId, string VendorName, string BuyerUserId, string PaymentMethod, long Total,
        DateTimeOffset? DisputedAt, string? Reason, DateTimeOffset? HoldExpiresAt);

    public sealed record DisputePage(int Page, int PageSize, int Total, IReadOnlyList<DisputeItem> Items);

    public static void Map(IEndpointRouteBuilder group) =>
        group.MapGet("/disputes", Handle).RequireAuthorization(Policies.Admin).WithName("ListDisputes").ProducesValidationProblem();

    public static async Task<IResult> Handle(OrderingDbContext db, CancellationToken ct, int page = 1, int pageSize = 30)
    {
        var errors = new RequestErrors()
            .Require(page >= 1, "page", "page must be 1 or more.")
            .Require(pageSize is >= 1 and <= MaxPageSize, "pageSize", $"pageSize must be between 1 and {MaxPageSize}.");
        if (errors.Any)
        {
            return OrderingProblems.Invalid(errors);
        }

        var disputed = db.Orders.AsNoTracking().Where(o => o.Status == OrderStatus.Disputed);
        var total = await disputed.CountAsync(ct);

        // In long, as the other paged lists: a huge page must not overflow into a negative OFFSET; past the end is empty.
        var offset = (long)(page - 1) * pageSize;
        var orders = offset >= total
            ? []
            : await disputed.OrderBy(o => o.DisputedAt).ThenBy(o => o.Id).Skip((int)offset).Take(pageSize).ToListAsync(ct);

        var orderIds = orders.Select(o => o.Id).ToList();
        var names = await VendorNames.OfAsync(db, orders, ct);

        // The first entry in Disputed is the buyer's move into it, with their reason: an order is disputed once, and the
        // notes written while it stays Disputed (a card chargeback, a settlement problem and its clearing) come after.
        var disputeEntries = await db.OrderHistory.AsNoTracking()
            .Where(h => orderIds.Contains(h.OrderId) && h.Status == OrderStatus.Disputed).ToListAsync(ct);
        var reasons = disputeEntries.GroupBy(h => h.OrderId).ToDictionary(g => g.Key, g => g.MinBy(h => h.Id)!.Reason);

        var items = orders.Select(o => new DisputeItem(
            o.Id, o.VendorId, names.GetValueOrDefault(o.VendorId) ?? "", o.BuyerUserId, o.PaymentMethod.ToString().ToLowerInvariant(), o.Total,
            o.DisputedAt, reasons.GetValueOrDefault(o.Id), o.HoldExpiresAt)).ToList();
        return TypedResults.Ok(new DisputePage(page, pageSize, total, items));
    }
}
