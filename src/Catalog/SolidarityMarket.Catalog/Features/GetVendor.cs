using System.Security.Claims;
using SolidarityMarket.Catalog.Data;
using SolidarityMarket.Catalog.Features.Listings;

namespace SolidarityMarket.Catalog.Features;

/// <summary>Public: one vendor's profile; its staff and administrators also see its payment account id.</summary>
public static class GetVendor
{
    public static void Map(IEndpointRouteBuilder group) =>
        group.MapGet("/vendors/{id:guid}", Handle).AllowAnonymous().WithName("GetVendor");

    public static async Task<Results<Ok<VendorDto>, NotFound>> Handle(Guid id, ClaimsPrincipal user, CatalogDbContext db, ListingAccess access, CancellationToken ct)
    {
        var vendor = await db.Vendors.AsNoTracking().FirstOrDefaultAsync(v => v.Id == id, ct);
        return vendor is null ? TypedResults.NotFound() : TypedResults.Ok(VendorDto.From(vendor, await access.IsStaffOrAdminAsync(user, id, ct)));
    }
}
