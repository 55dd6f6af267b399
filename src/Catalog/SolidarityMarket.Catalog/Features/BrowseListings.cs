using AutoMapper;
using AutoMapper.QueryableExtensions;
using SolidarityMarket.Catalog.Data;
using SolidarityMarket.ServiceDefaults.Web;

namespace SolidarityMarket.Catalog.Features;

/// <summary>
/// Public: published listings, newest first, paged. (Full-text search with facets replaces this in the Catalog
/// issue; the route stays.)
/// </summary>
public static class BrowseListings
{
    public const int MaxPageSize = 100;

    public sealed record ListingDto(Guid Id, Guid VendorId, string Title, string Description, string Kind, string Sector, long? PriceCents, long? PriceCredits, int? Stock);

    public sealed record Page(IReadOnlyList<ListingDto> Items, int PageNumber, int PageSize, int Total);

    public static void Map(IEndpointRouteBuilder group) =>
        group.MapGet("/listings", Handle).AllowAnonymous().WithName("BrowseListings");

    public static async Task<Results<Ok<Page>, ValidationProblem>> Handle(CatalogDbContext db, IMapper mapper, CancellationToken ct, int page = 1, int pageSize = 20)
    {
        var errors = new RequestErrors()
            .Require(page >= 1, "page", "page must be 1 or more.")
            .Require(pageSize is >= 1 and <= MaxPageSize, "pageSize", $"pageSize must be between 1 and {MaxPageSize}.");
        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        var published = db.Listings.AsNoTracking().Where(l => l.Status == ListingStatus.Published);
        var total = await published.CountAsync(ct);
        var items = await published
            .OrderByDescending(l => l.CreatedAt).ThenBy(l => l.Id)
            .Skip((page - 1) * pageSize).Take(pageSize)
            .ProjectTo<ListingDto>(mapper.ConfigurationProvider)
            .ToListAsync(ct);
        return TypedResults.Ok(new Page(items, page, pageSize, total));
    }
}
