using SolidarityMarket.Ordering.Orders;
using SolidarityMarket.ServiceDefaults.Auth;

namespace SolidarityMarket.Ordering.Features.Attention;

/// <summary>
/// <c>GET /api/ordering/attention</c> (administrators): orders that need a person — a credit settlement the ledger
/// refused, a dispute past its resolution window or whose credit hold is about to expire (docs/orders.md).
/// </summary>
public static class ListOrdersNeedingAttention
{
    public sealed record AttentionList(int Count, IReadOnlyList<AttentionItem> Items);

    public static void Map(IEndpointRouteBuilder group) =>
        group.MapGet("/attention", Handle).RequireAuthorization(Policies.Admin).WithName("ListOrdersNeedingAttention");

    public static async Task<IResult> Handle(OrdersNeedingAttention attention, CancellationToken ct)
    {
        var items = await attention.ListAsync(ct);
        return TypedResults.Ok(new AttentionList(items.Count, items));
    }
}
