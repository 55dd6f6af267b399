using SolidarityMarket.Catalog.Data;

namespace SolidarityMarket.Catalog.Features;

/// <summary>Public: one vendor's profile.</summary>
public static class GetVendor
{
    public static void Map(IEndpointRouteBuilder group) =>
        group.MapGet("/vendors/{id:guid}", Handle).AllowAnonymous().WithName("GetVendor");

    public static async Task<Results<Ok<VendorDto>, NotFound>> Handle(Guid id, CatalogDbContext db, CancellationToken ct)
    {
        var vendor = await db.Vendors.AsNoTracking().FirstOrDefaultAsync(v => v.Id == id, ct);
        return vendor is null ? TypedResults.NotFound() : TypedResults.Ok(VendorDto.From(vendor));
    }
}
