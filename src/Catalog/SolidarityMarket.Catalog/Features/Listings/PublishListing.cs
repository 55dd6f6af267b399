using System.Security.Claims;
using AutoMapper;
using SolidarityMarket.Catalog.Data;

namespace SolidarityMarket.Catalog.Features.Listings;

/// <summary>The vendor's staff (or an administrator) publish a draft or archived listing; publishing twice is harmless
/// (and, changing nothing, publishes no <c>ListingChanged</c>).</summary>
public static class PublishListing
{
    public static void Map(IEndpointRouteBuilder group) =>
        group.MapPost("/listings/{id:guid}/publish", Handle)
            .WithName("PublishListing")
            .WithSummary("Vendor staff: make a listing public")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

    public static Task<Results<Ok<ListingDto>, ProblemHttpResult>> Handle(
        Guid id, ClaimsPrincipal user, CatalogDbContext db, ListingAccess access, IMapper mapper, TimeProvider time, CancellationToken ct) =>
        ChangeStatusAsync(id, ListingStatus.Published, "publishing a listing", user, db, access, mapper, time, ct);

    /// <summary>Shared by publish and archive: find, authorize, set the status (if it differs), save.</summary>
    internal static async Task<Results<Ok<ListingDto>, ProblemHttpResult>> ChangeStatusAsync(
        Guid id, ListingStatus status, string what, ClaimsPrincipal user, CatalogDbContext db, ListingAccess access, IMapper mapper, TimeProvider time, CancellationToken ct)
    {
        var listing = await db.Listings.FirstOrDefaultAsync(l => l.Id == id, ct);
        if (listing is null)
        {
            return CatalogProblems.NotFound("The listing");
        }

        if (!await access.CanManageAsync(user, listing.VendorId, what, ct))
        {
            return CatalogProblems.Forbidden("Only the vendor's staff and administrators manage its listings.");
        }

        if (listing.Status != status)
        {
            listing.Status = status;
            listing.UpdatedAt = time.GetUtcNow();
            listing.Version++;
            ListingSnapshot.Publish(db, listing, listing.UpdatedAt);
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateConcurrencyException)
            {
                return CatalogProblems.Conflict("concurrent-change", "The listing changed at the same time; read it again and retry.");
            }
        }

        return TypedResults.Ok(mapper.Map<ListingDto>(listing));
    }
}
