using System.Security.Claims;
using Microsoft.Extensions.Options;
using SolidarityMarket.Catalog.Data;
using SolidarityMarket.Contracts.Catalog;
using SolidarityMarket.ServiceDefaults.Auth;
using SolidarityMarket.ServiceDefaults.Web;

namespace SolidarityMarket.Catalog.Features;

/// <summary>
/// A co-op (or other member) registers as a vendor. The caller becomes its staff; an administrator may instead
/// name the staff users. Publishes <see cref="VendorRegistered"/> through the outbox, in the same transaction.
/// </summary>
public static class RegisterVendor
{
    public sealed record Request(string? Name, string? Description, string? Category, string? Sector, string? Region, string? Website, List<string>? StaffUserIds);

    public static void Map(IEndpointRouteBuilder group) =>
        group.MapPost("/vendors", Handle).WithName("RegisterVendor").WithSummary("Register a co-op or member as a vendor");

    public static async Task<Results<Created<VendorDto>, ValidationProblem, ForbidHttpResult>> Handle(
        Request request, ClaimsPrincipal user, CatalogDbContext db, IOptions<CatalogOptions> options, TimeProvider time, CancellationToken ct)
    {
        var sectors = options.Value.EffectiveSectors;
        var errors = new RequestErrors()
            .Text(request.Name, "name", 200)
            .Text(request.Description, "description", 4000, required: false)
            .Text(request.Region, "region", 100, required: false)
            .Require(Enum.TryParse<MembershipCategory>(request.Category, ignoreCase: true, out var category) && Enum.IsDefined(category),
                "category", $"category must be one of {string.Join(", ", Enum.GetNames<MembershipCategory>())}.")
            .Require(request.Sector is not null && sectors.Contains(request.Sector), "sector", $"sector must be one of {string.Join(", ", sectors)}.")
            .Require(request.Website is null || (Uri.TryCreate(request.Website, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"),
                "website", "website must be an absolute http(s) URL.")
            .Text(request.Website, "website", 300, required: false);
        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        if (request.StaffUserIds is { Count: > 0 } && !user.IsAdmin())
        {
            return TypedResults.Forbid();
        }

        var now = time.GetUtcNow();
        var staff = request.StaffUserIds is { Count: > 0 } named ? named.Distinct().ToList() : [user.UserId()];
        var vendor = new Vendor
        {
            Id = Guid.CreateVersion7(now),
            Name = request.Name!.Trim(),
            Description = request.Description?.Trim() ?? "",
            Category = category,
            Sector = request.Sector!,
            Region = request.Region?.Trim() ?? "",
            Website = request.Website,
            RegisteredAt = now,
            Staff = staff.Select(id => new VendorStaff { UserId = id }).ToList(),
        };
        db.Vendors.Add(vendor);
        db.Publish(new VendorRegistered(vendor.Id, vendor.Name, vendor.Category.ToString(), vendor.Sector, staff, now), now);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/catalog/vendors/{vendor.Id}", VendorDto.From(vendor));
    }
}
