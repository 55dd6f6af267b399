using System.Security.Claims;
using AutoMapper;
using Microsoft.Extensions.Options;
using SolidarityMarket.Catalog.Data;

namespace SolidarityMarket.Catalog.Features.Listings;

/// <summary>
/// The vendor's staff (or an administrator) add a listing as a draft; it is public once published. Text is stored
/// as given (markup included) and encoded on output. Publishes the listing's first <c>ListingChanged</c> snapshot.
/// </summary>
public static class CreateListing
{
    public static void Map(IEndpointRouteBuilder group) =>
        group.MapPost("/vendors/{vendorId:guid}/listings", Handle)
            .WithName("CreateListing")
            .WithSummary("Vendor staff: add a draft listing (a good or a service)")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

    public static async Task<Results<Created<ListingDto>, ValidationProblem, ProblemHttpResult>> Handle(
        Guid vendorId, ListingRequest request, ClaimsPrincipal user, CatalogDbContext db, ListingAccess access,
        IOptions<CatalogOptions> options, IMapper mapper, TimeProvider time, CancellationToken ct)
    {
        var errors = request.Validate(options.Value, out var kind);
        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        var vendor = await db.Vendors.AsNoTracking().Where(v => v.Id == vendorId)
            .Select(v => new { v.Name, v.Region, v.CertifiedUntil }).FirstOrDefaultAsync(ct);
        if (vendor is null)
        {
            return CatalogProblems.NotFound("The vendor");
        }

        if (!await access.CanManageAsync(user, vendorId, "creating a listing", ct))
        {
            return CatalogProblems.Forbidden("Only the vendor's staff and administrators manage its listings.");
        }

        var now = time.GetUtcNow();
        var listing = new Listing
        {
            Id = Guid.CreateVersion7(now), VendorId = vendorId, Status = ListingStatus.Draft, CreatedAt = now, UpdatedAt = now,
            VendorName = vendor.Name, VendorRegion = vendor.Region, VendorCertifiedUntil = vendor.CertifiedUntil,
        };
        request.ApplyTo(listing, kind);
        db.Listings.Add(listing);
        ListingSnapshot.Publish(db, listing, now);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/catalog/listings/{listing.Id}", mapper.Map<ListingDto>(listing));
    }
}
