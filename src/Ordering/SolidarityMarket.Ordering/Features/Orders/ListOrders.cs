using System.Security.Claims;
using SolidarityMarket.Ordering.Data;
using SolidarityMarket.Ordering.Orders;
using SolidarityMarket.ServiceDefaults.Auth;
using SolidarityMarket.ServiceDefaults.Web;

namespace SolidarityMarket.Ordering.Features.Orders;

/// <summary>
/// <c>GET /api/ordering/orders?status=&amp;take=</c>: the caller's own orders as buyer, newest first.
/// <c>GET /api/ordering/vendors/{vendorId}/orders?status=&amp;take=</c>: a vendor's orders, for its staff and administrators.
/// </summary>
public static class ListOrders
{
    public const int MaxTake = 200;

    public static void Map(IEndpointRouteBuilder group)
    {
        group.MapGet("/orders", Mine).WithName("ListMyOrders");
        group.MapGet("/vendors/{vendorId:guid}/orders", OfVendor).WithName("ListVendorOrders");
    }

    public static async Task<IResult> Mine(string? status, int? take, ClaimsPrincipal user, OrderingDbContext db, CancellationToken ct)
    {
        var userId = user.UserId();
        return await ListAsync(db.Orders.Where(o => o.BuyerUserId == userId), status, take, ct);
    }

    public static async Task<IResult> OfVendor(Guid vendorId, string? status, int? take, ClaimsPrincipal user, OrderingDbContext db, OrderingAccess access, CancellationToken ct)
    {
        if (!user.IsAdmin() && !await access.IsVendorStaffAsync(user, vendorId, ct))
        {
            return OrderingProblems.NotFound($"Vendor {vendorId}");
        }

        return await ListAsync(db.Orders.Where(o => o.VendorId == vendorId), status, take, ct);
    }

    private static async Task<IResult> ListAsync(IQueryable<Order> query, string? status, int? take, CancellationToken ct)
    {
        var errors = new RequestErrors()
            .Require(take is null or (>= 1 and <= MaxTake), "take", $"take must be between 1 and {MaxTake}.");
        OrderStatus parsed = default;
        if (status is not null)
        {
            errors.Require(EnumNames.TryParse(status, out parsed), "status", $"status must be one of {string.Join(", ", Enum.GetNames<OrderStatus>())}.");
        }

        if (errors.Any)
        {
            return OrderingProblems.Invalid(errors);
        }

        if (status is not null)
        {
            query = query.Where(o => o.Status == parsed);
        }

        var orders = await query.AsNoTracking().Include(o => o.Lines).OrderByDescending(o => o.CreatedAt).ThenBy(o => o.Id).Take(take ?? 50).ToListAsync(ct);
        return TypedResults.Ok(orders.Select(o => OrderDto.From(o, null)).ToList());
    }
}
