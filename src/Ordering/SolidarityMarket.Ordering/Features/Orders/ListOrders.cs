using System.Security.Claims;
using SolidarityMarket.Ordering.Data;
using SolidarityMarket.Ordering.Orders;
using SolidarityMarket.ServiceDefaults.Auth;
using SolidarityMarket.ServiceDefaults.Web;

namespace SolidarityMarket.Ordering.Features.Orders;

/// <summary>
/// <c>GET /api/ordering/orders?status=&amp;take=&amp;page=&amp;order=</c>: the caller's own orders as buyer.
/// <c>GET /api/ordering/vendors/{vendorId}/orders?status=&amp;take=&amp;page=&amp;order=</c>: a vendor's orders, for its
/// staff and administrators. Newest first (<c>order=oldest</c>: oldest first), <c>take</c> per page (default 50, at
/// most 200), <c>page</c> from 1; the number of matching orders is in the <c>X-Total-Count</c> header. Without paging a
/// vendor with more Paid orders than one answer holds never saw its oldest — the ones the fulfilment deadline cancels first.
/// </summary>
public static class ListOrders
{
    public const int MaxTake = 200;

    public const string TotalCountHeader = "X-Total-Count";

    public static void Map(IEndpointRouteBuilder group)
    {
        group.MapGet("/orders", Mine).WithName("ListMyOrders");
        group.MapGet("/vendors/{vendorId:guid}/orders", OfVendor).WithName("ListVendorOrders");
    }

    public static async Task<IResult> Mine(string? status, int? take, int? page, string? order, ClaimsPrincipal user, OrderingDbContext db, HttpResponse response, CancellationToken ct)
    {
        var userId = user.UserId();
        return await ListAsync(db.Orders.Where(o => o.BuyerUserId == userId), new Query(status, take, page, order), response, ct);
    }

    public static async Task<IResult> OfVendor(
        Guid vendorId, string? status, int? take, int? page, string? order, ClaimsPrincipal user, OrderingDbContext db, OrderingAccess access, HttpResponse response, CancellationToken ct)
    {
        if (!user.IsAdmin() && !await access.IsVendorStaffAsync(user, vendorId, ct))
        {
            return OrderingProblems.NotFound($"Vendor {vendorId}");
        }

        return await ListAsync(db.Orders.Where(o => o.VendorId == vendorId), new Query(status, take, page, order), response, ct);
    }

    private sealed record Query(string? Status, int? Take, int? Page, string? Order);

    private static async Task<IResult> ListAsync(IQueryable<Order> query, Query q, HttpResponse response, CancellationToken ct)
    {
        var (status, take, page) = (q.Status, q.Take, q.Page);
        var oldestFirst = string.Equals(q.Order, "oldest", StringComparison.OrdinalIgnoreCase);
        var errors = new RequestErrors()
            .Require(take is null or (>= 1 and <= MaxTake), "take", $"take must be between 1 and {MaxTake}.")
            .Require(page is null or >= 1, "page", "page must be 1 or more.")
            .Require(q.Order is null || oldestFirst || string.Equals(q.Order, "newest", StringComparison.OrdinalIgnoreCase), "order", "order must be newest or oldest.");
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

        var pageSize = take ?? 50;
        var total = await query.CountAsync(ct);
        response.Headers[TotalCountHeader] = total.ToString(System.Globalization.CultureInfo.InvariantCulture);

        // In long, as the reconciliation list: a huge page must not overflow into a negative OFFSET; past the end is empty.
        var offset = (long)((page ?? 1) - 1) * pageSize;
        if (offset >= total)
        {
            return TypedResults.Ok(new List<OrderDto>());
        }

        var ordered = oldestFirst
            ? query.OrderBy(o => o.CreatedAt).ThenBy(o => o.Id)
            : query.OrderByDescending(o => o.CreatedAt).ThenBy(o => o.Id);
        var orders = await ordered.AsNoTracking().Include(o => o.Lines).Skip((int)offset).Take(pageSize).ToListAsync(ct);
        return TypedResults.Ok(orders.Select(o => OrderDto.From(o, null)).ToList());
    }
}
