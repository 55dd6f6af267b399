using System.Security.Claims;
using SolidarityMarket.Catalog.Data;
using SolidarityMarket.ServiceDefaults.Auth;

namespace SolidarityMarket.Catalog.Features;

/// <summary>
/// <c>GET /api/catalog/my/vendors</c>: the vendors the caller is staff of, by name, as their staff see them. An
/// administrator too gets only their own here, never every vendor: a staff member's pages list what they manage. Not
/// paged: a person is staff of a handful of co-ops, and the list is bounded by the staff rows that name them.
/// </summary>
public static class ListMyVendors
{
    public static void Map(IEndpointRouteBuilder group) =>
        group.MapGet("/my/vendors", Handle).WithName("ListMyVendors").WithSummary("The vendors the caller is staff of");

    public static async Task<Ok<List<VendorDto>>> Handle(ClaimsPrincipal user, CatalogDbContext db, CancellationToken ct)
    {
        var userId = user.UserId();
        var vendors = await db.Vendors.AsNoTracking()
            .Where(v => v.Staff.Any(s => s.UserId == userId))
            .OrderBy(v => v.Name).ThenBy(v => v.Id)
            .ToListAsync(ct);
        return TypedResults.Ok(vendors.Select(v => VendorDto.From(v, staffView: true)).ToList());
    }
}
