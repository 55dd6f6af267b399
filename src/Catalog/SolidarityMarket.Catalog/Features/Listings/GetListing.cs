using System.Security.Claims;
using AutoMapper;
using AutoMapper.QueryableExtensions;
using SolidarityMarket.Catalog.Data;

namespace SolidarityMarket.Catalog.Features.Listings;

/// <summary>
/// One listing: anyone may read a published listing; drafts and archived listings only the vendor's staff and
/// administrators (others get 404, as if it did not exist).
/// </summary>
public static class GetListing
{
    public static void Map(IEndpointRouteBuilder group) =>
        group.MapGet("/listings/{id:guid}", Handle)
            .AllowAnonymous()
            .WithName("GetListing")
            .WithSummary("A listing (public once published)")
            .ProducesProblem(StatusCodes.Status404NotFound);

    public static async Task<Results<Ok<ListingDto>, ProblemHttpResult>> Handle(
        Guid id, ClaimsPrincipal user, CatalogDbContext db, ListingAccess access, IMapper mapper, CancellationToken ct)
    {
        var listing = await db.Listings.AsNoTracking().Where(l => l.Id == id)
            .ProjectTo<ListingDto>(mapper.ConfigurationProvider)
            .FirstOrDefaultAsync(ct);
        if (listing is null)
        {
            return CatalogProblems.NotFound("The listing");
        }

        if (listing.Status != nameof(ListingStatus.Published) && !await access.IsStaffOrAdminAsync(user, listing.VendorId, ct))
        {
            return CatalogProblems.NotFound("The listing");
        }

        return TypedResults.Ok(listing);
    }
}
