using System.Security.Claims;
using AutoMapper;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SolidarityMarket.Catalog.Data;
using SolidarityMarket.ServiceDefaults.Auth;

namespace SolidarityMarket.Catalog.Features.Listings;

/// <summary>
/// The vendor's staff (or an administrator) add a listing as a draft; it is public once published. Text is stored
/// as given (markup included) and encoded on output. Publishes the listing's first <c>ListingChanged</c> snapshot.
/// Idempotent per caller and optional <c>idempotencyKey</c> (<see cref="IdempotencyKeys"/>), as vendor registration
/// is: the same key with the same vendor and body answers the listing created first (201 again, as it is now, nothing
/// published twice); the same key otherwise is 409 <c>idempotency-key-reused</c>. Without a key every call adds a draft.
/// </summary>
public static class CreateListing
{
    public static void Map(IEndpointRouteBuilder group) =>
        group.MapPost("/vendors/{vendorId:guid}/listings", Handle)
            .WithName("CreateListing")
            .WithSummary("Vendor staff: add a draft listing (a good or a service)")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

    public static async Task<Results<Created<ListingDto>, ValidationProblem, ProblemHttpResult>> Handle(
        Guid vendorId, ListingRequest request, ClaimsPrincipal user, CatalogDbContext db, ListingAccess access,
        IOptions<CatalogOptions> options, IMapper mapper, TimeProvider time, ILogger<ListingRequest> logger, CancellationToken ct)
    {
        var errors = request.Validate(options.Value, out var kind).IdempotencyKey(request.IdempotencyKey);
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

        var userId = user.UserId();
        var key = request.IdempotencyKey?.Trim();
        // The vendor is part of what was asked: the same key and fields for another vendor are another request.
        var hash = key is null ? null : IdempotencyKeys.Hash(new { vendorId, request = request with { IdempotencyKey = null } });
        if (key is not null && await ReplayAsync(db, mapper, userId, key, hash!, ct) is { } replay)
        {
            return replay;
        }

        var now = time.GetUtcNow();
        var listing = new Listing
        {
            Id = Guid.CreateVersion7(now), VendorId = vendorId, Status = ListingStatus.Draft, CreatedAt = now, UpdatedAt = now,
            VendorName = vendor.Name, VendorRegion = vendor.Region, VendorCertifiedUntil = vendor.CertifiedUntil,
            CreatedByUserId = key is null ? null : userId, CreationKey = key, CreationHash = hash,
        };
        request.ApplyTo(listing, kind);
        db.Listings.Add(listing);
        ListingSnapshot.Publish(db, listing, now);
        if (await IdempotencyKeys.SaveOrReplayAsync(db, key, () => ReplayAsync(db, mapper, userId, key!, hash!, ct), logger, ct) is { } raced)
        {
            return raced;
        }

        return TypedResults.Created($"/api/catalog/listings/{listing.Id}", mapper.Map<ListingDto>(listing));
    }

    private static async Task<Results<Created<ListingDto>, ValidationProblem, ProblemHttpResult>?> ReplayAsync(
        CatalogDbContext db, IMapper mapper, string userId, string key, string hash, CancellationToken ct)
    {
        var existing = await db.Listings.AsNoTracking().FirstOrDefaultAsync(l => l.CreatedByUserId == userId && l.CreationKey == key, ct);
        if (existing is null)
        {
            return null;
        }

        return existing.CreationHash == hash
            ? TypedResults.Created($"/api/catalog/listings/{existing.Id}", mapper.Map<ListingDto>(existing))
            : IdempotencyKeys.Reused(key, "a new listing");
    }
}
