using System.Security.Claims;
using AutoMapper;
using SolidarityMarket.Catalog.Data;

namespace SolidarityMarket.Catalog.Features.Listings;

/// <summary>The vendor's staff (or an administrator) withdraw a listing from sale; it may be published again later.</summary>
public static class ArchiveListing
{
    public static void Map(IEndpointRouteBuilder group) =>
        group.MapPost("/listings/{id:guid}/archive", Handle)
            .WithName("ArchiveListing")
            .WithSummary("Vendor staff: withdraw a listing from sale")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

    public static Task<Results<Ok<ListingDto>, ProblemHttpResult>> Handle(
        Guid id, ClaimsPrincipal user, CatalogDbContext db, ListingAccess access, IMapper mapper, TimeProvider time, CancellationToken ct) =>
        PublishListing.ChangeStatusAsync(id, ListingStatus.Archived, "archiving a listing", user, db, access, mapper, time, ct);
}
