using System.Security.Claims;
using SolidarityMarket.Ordering.Data;

namespace SolidarityMarket.Ordering.Features.Orders;

/// <summary><c>GET /api/ordering/orders/{id}</c>: the order with its lines and full history (buyer, vendor staff, admin).</summary>
public static class GetOrder
{
    public static void Map(IEndpointRouteBuilder group) => group.MapGet("/orders/{id:guid}", Handle).WithName("GetOrder");

    public static async Task<IResult> Handle(Guid id, ClaimsPrincipal user, OrderingDbContext db, OrderingAccess access, CancellationToken ct)
    {
        var order = await db.Orders.AsNoTracking().Include(o => o.Lines).FirstOrDefaultAsync(o => o.Id == id, ct);
        if (order is null || !await access.MaySeeAsync(user, order, ct))
        {
            return OrderingProblems.NotFound($"Order {id}");
        }

        var history = await db.OrderHistory.AsNoTracking().Where(h => h.OrderId == id).ToListAsync(ct);
        return TypedResults.Ok(OrderDto.From(order, history));
    }
}
