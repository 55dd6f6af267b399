using System.Security.Claims;
using SolidarityMarket.Catalog.Data;
using SolidarityMarket.Catalog.Features.Listings;
using SolidarityMarket.ServiceDefaults.Web;

namespace SolidarityMarket.Catalog.Features;

/// <summary>
/// The vendor's staff (or an administrator) replace its public profile: description, region, website, postal
/// address, coordinates and contact. Fields left out are cleared. Name, category and sector are not changed here
/// (the sector is the ledger exchange of the vendor's account). Others get 403 and nothing changes.
/// </summary>
public static class UpdateVendorProfile
{
    public sealed record Request(
        string? Description, string? Region, string? Website,
        string? Street, string? City, string? PostalCode, string? Country,
        double? Latitude, double? Longitude, string? ContactEmail, string? ContactPhone)
    {
        public VendorProfileInput ToProfile() => new(Street, City, PostalCode, Country, Latitude, Longitude, ContactEmail, ContactPhone);
    }

    public static void Map(IEndpointRouteBuilder group) =>
        group.MapPut("/vendors/{id:guid}/profile", Handle)
            .WithName("UpdateVendorProfile")
            .WithSummary("Vendor staff: change the vendor's public profile (address, coordinates, contact)")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

    public static async Task<Results<Ok<VendorDto>, ValidationProblem, ProblemHttpResult>> Handle(
        Guid id, Request request, ClaimsPrincipal user, CatalogDbContext db, ListingAccess access, CancellationToken ct)
    {
        var errors = new RequestErrors()
            .Text(request.Description, "description", 4000, required: false)
            .Text(request.Region, "region", 100, required: false);
        VendorProfileInput.ValidateWebsite(errors, request.Website);
        request.ToProfile().Validate(errors);
        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        var vendor = await db.Vendors.FirstOrDefaultAsync(v => v.Id == id, ct);
        if (vendor is null)
        {
            return CatalogProblems.NotFound("The vendor");
        }

        if (!await access.CanManageAsync(user, vendor.Id, "changing the vendor's profile", ct))
        {
            return CatalogProblems.Forbidden("Only the vendor's staff and administrators change its profile.");
        }

        vendor.Description = request.Description?.Trim() ?? "";
        vendor.Region = request.Region?.Trim() ?? "";
        vendor.Website = VendorProfileInput.CleanWebsite(request.Website);
        request.ToProfile().ApplyTo(vendor);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            // The vendor row carries the certification concurrency token; a certification change committed first.
            return CatalogProblems.Conflict("concurrent-change", "The vendor changed at the same time; read it again and retry.");
        }

        return TypedResults.Ok(VendorDto.From(vendor, staffView: true));
    }
}
