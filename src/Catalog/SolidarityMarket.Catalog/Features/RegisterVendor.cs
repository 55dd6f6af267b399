using System.Security.Claims;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SolidarityMarket.Catalog.Data;
using SolidarityMarket.Catalog.Features.Staff;
using SolidarityMarket.Contracts.Catalog;
using SolidarityMarket.ServiceDefaults.Auth;
using SolidarityMarket.ServiceDefaults.Web;

namespace SolidarityMarket.Catalog.Features;

/// <summary>
/// A co-op (or other member) registers as a vendor. The caller becomes its staff; an administrator may instead
/// name the staff users. Publishes <see cref="VendorRegistered"/> through the outbox, in the same transaction;
/// it says whether an administrator registered the vendor, because only then does the Ledger give its account the
/// category's debit limit (administrators set credit limits: a self-registered vendor starts at zero).
/// Idempotent per caller and optional <c>idempotencyKey</c>, as checkouts are: the same key and body answer the vendor
/// registered first (201 again, nothing published twice); the same key with another body is 409
/// <c>idempotency-key-reused</c>. Without a key every call registers a new vendor.
/// </summary>
public static class RegisterVendor
{
    /// <summary>The address, coordinates (degrees) and contact are optional; see <see cref="VendorProfileInput"/>.</summary>
    public sealed record Request(
        string? Name, string? Description, string? Category, string? Sector, string? Region, string? Website, List<string>? StaffUserIds,
        string? Street = null, string? City = null, string? PostalCode = null, string? Country = null,
        double? Latitude = null, double? Longitude = null, string? ContactEmail = null, string? ContactPhone = null,
        string? IdempotencyKey = null)
    {
        public VendorProfileInput ToProfile() => new(Street, City, PostalCode, Country, Latitude, Longitude, ContactEmail, ContactPhone);

        /// <summary>The request without its key, hashed: a repeat of the key must carry the same body.</summary>
        public string Hash() => IdempotencyKeys.Hash(this with { IdempotencyKey = null });
    }

    public static void Map(IEndpointRouteBuilder group) =>
        group.MapPost("/vendors", Handle).WithName("RegisterVendor").WithSummary("Register a co-op or member as a vendor");

    public static async Task<Results<Created<VendorDto>, ValidationProblem, ForbidHttpResult, ProblemHttpResult>> Handle(
        Request request, ClaimsPrincipal user, CatalogDbContext db, IOptions<CatalogOptions> options, TimeProvider time,
        ILogger<Request> logger, CancellationToken ct)
    {
        var sectors = options.Value.EffectiveSectors;
        var errors = new RequestErrors()
            .Text(request.Name, "name", 200)
            .Text(request.Description, "description", 4000, required: false)
            .Text(request.Region, "region", 100, required: false)
            .Require(EnumNames.TryParse<MembershipCategory>(request.Category, out var category),
                "category", $"category must be one of {string.Join(", ", Enum.GetNames<MembershipCategory>())}.")
            .Require(request.Sector is not null && sectors.Contains(request.Sector), "sector", $"sector must be one of {string.Join(", ", sectors)}.");
        VendorStaffIds.Validate(errors, request.StaffUserIds, "staffUserIds");
        VendorProfileInput.ValidateWebsite(errors, request.Website);
        request.ToProfile().Validate(errors);
        errors.IdempotencyKey(request.IdempotencyKey);
        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        if (request.StaffUserIds is { Count: > 0 } && !user.IsAdmin())
        {
            return TypedResults.Forbid();
        }

        var userId = user.UserId();
        var key = request.IdempotencyKey?.Trim();
        var hash = key is null ? null : request.Hash();
        if (key is not null && await ReplayAsync(db, user, key, hash!, ct) is { } replay)
        {
            return replay;
        }

        var now = time.GetUtcNow();
        var staff = request.StaffUserIds is { Count: > 0 } named ? VendorStaffIds.Normalise(named) : [user.UserId()];
        var vendor = new Vendor
        {
            Id = Guid.CreateVersion7(now),
            Name = request.Name!.Trim(),
            Description = request.Description?.Trim() ?? "",
            Category = category,
            Sector = request.Sector!,
            Region = request.Region?.Trim() ?? "",
            Website = VendorProfileInput.CleanWebsite(request.Website),
            RegisteredAt = now,
            RegisteredByUserId = key is null ? null : userId,
            RegistrationKey = key,
            RegistrationHash = hash,
            Staff = staff.Select(id => new VendorStaff { UserId = id }).ToList(),
        };
        request.ToProfile().ApplyTo(vendor);
        db.Vendors.Add(vendor);
        db.Publish(new VendorRegistered(vendor.Id, vendor.Name, vendor.Category.ToString(), vendor.Sector, staff, now, VettedByAdministrator: user.IsAdmin()), now);
        if (await IdempotencyKeys.SaveOrReplayAsync(db, key, () => ReplayAsync(db, user, key!, hash!, ct), logger, ct) is { } raced)
        {
            return raced;
        }

        return TypedResults.Created($"/api/catalog/vendors/{vendor.Id}", VendorDto.From(vendor, staffView: true));
    }

    private static async Task<Results<Created<VendorDto>, ValidationProblem, ForbidHttpResult, ProblemHttpResult>?> ReplayAsync(
        CatalogDbContext db, ClaimsPrincipal user, string key, string hash, CancellationToken ct)
    {
        var userId = user.UserId();
        var existing = await db.Vendors.AsNoTracking().Include(v => v.Staff)
            .FirstOrDefaultAsync(v => v.RegisteredByUserId == userId && v.RegistrationKey == key, ct);
        if (existing is null)
        {
            return null;
        }

        // The staff's view only while the caller still is staff (or an administrator): one removed from the vendor's
        // staff since (ADR 0033) gets the public view, as GET /vendors/{id} gives them.
        var staffView = user.IsAdmin() || existing.Staff.Any(s => s.UserId == userId);
        return existing.RegistrationHash == hash
            ? TypedResults.Created($"/api/catalog/vendors/{existing.Id}", VendorDto.From(existing, staffView))
            : IdempotencyKeys.Reused(key, "a vendor's registration");
    }
}
