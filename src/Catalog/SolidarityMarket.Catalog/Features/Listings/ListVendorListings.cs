using System.Globalization;
using System.Security.Claims;
using AutoMapper;
using AutoMapper.QueryableExtensions;
using SolidarityMarket.Catalog.Data;
using SolidarityMarket.ServiceDefaults.Web;

namespace SolidarityMarket.Catalog.Features.Listings;

/// <summary>
/// <c>GET /api/catalog/vendors/{vendorId}/listings?status=&amp;page=&amp;pageSize=</c>: every listing of a vendor —
/// drafts and archived ones too — for its staff and administrators, newest first; the number of matching listings is
/// in the <c>X-Total-Count</c> header. Anyone else gets 404, as for an unknown vendor, so the answer does not tell a
/// stranger which vendors have unpublished listings (as <see cref="GetListing"/> does for a draft). The public's view of
/// a vendor's goods is the search (<c>GET /api/catalog/listings</c>), which shows published listings only.
/// </summary>
public static class ListVendorListings
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 200;
    public const string TotalCountHeader = "X-Total-Count";

    public static void Map(IEndpointRouteBuilder group) =>
        group.MapGet("/vendors/{vendorId:guid}/listings", Handle)
            .WithName("ListVendorListings")
            .WithSummary("Vendor staff: the vendor's listings in every status")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);

    public static async Task<Results<Ok<List<ListingDto>>, ValidationProblem, ProblemHttpResult>> Handle(
        Guid vendorId, string? status, int? page, int? pageSize, ClaimsPrincipal user, CatalogDbContext db, ListingAccess access,
        IMapper mapper, HttpResponse response, CancellationToken ct)
    {
        ListingStatus parsed = default;
        var errors = new RequestErrors()
            .Require(status is null || EnumNames.TryParse(status, out parsed), "status", $"status must be one of {string.Join(", ", Enum.GetNames<ListingStatus>())}.")
            .Require(page is null or >= 1, "page", "page must be 1 or more.")
            .Require(pageSize is null or (>= 1 and <= MaxPageSize), "pageSize", $"pageSize must be between 1 and {MaxPageSize}.");
        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        // Refusals are logged by CanManageAsync; the staff row doubles as the vendor's existence check.
        if (!await access.CanManageAsync(user, vendorId, "listing its listings", ct) || !await db.Vendors.AnyAsync(v => v.Id == vendorId, ct))
        {
            return CatalogProblems.NotFound("The vendor");
        }

        var query = db.Listings.AsNoTracking().Where(l => l.VendorId == vendorId);
        if (status is not null)
        {
            query = query.Where(l => l.Status == parsed);
        }

        var total = await query.CountAsync(ct);
        response.Headers[TotalCountHeader] = total.ToString(CultureInfo.InvariantCulture);
        var size = pageSize ?? DefaultPageSize;
        // In long: a huge page number must not overflow into a negative offset; past the end is an empty page.
        var offset = (long)((page ?? 1) - 1) * size;
        if (offset >= total)
        {
            return TypedResults.Ok(new List<ListingDto>());
        }

        var listings = await query.OrderByDescending(l => l.CreatedAt).ThenBy(l => l.Id)
            .Skip((int)offset).Take(size)
            .ProjectTo<ListingDto>(mapper.ConfigurationProvider)
            .ToListAsync(ct);
        return TypedResults.Ok(listings);
    }
}
