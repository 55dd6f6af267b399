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

        await CopyVendorAgainIfMovedAsync(db, listing, CancellationToken.None);
        return TypedResults.Created($"/api/catalog/listings/{listing.Id}", mapper.Map<ListingDto>(listing));
    }

    /// <summary>
    /// The vendor's name, region and certificate end were copied from a read made before the insert; the trigger on
    /// <c>Vendors</c> copies a later change only into the listings that exist when it runs. A change committed between
    /// that read and the insert (a revocation, say) would leave the new listing showing the old values — a certified
    /// vendor's until the old end (a review found it). So, now that the listing exists, the vendor is read again and,
    /// if it moved, copied again in one statement from the <c>Vendors</c> row itself: a change committed after this
    /// statement reaches the listing through the trigger, one committed before is read by it.
    /// </summary>
    private static async Task CopyVendorAgainIfMovedAsync(CatalogDbContext db, Listing listing, CancellationToken ct)
    {
        // On PostgreSQL the read waits for a change of the vendor in flight (FOR SHARE): its trigger ran before this
        // listing existed, and a plain read would still see the old row until it commits. SQLite has one writer at a
        // time, and SQL Server's read committed waits for the row's lock (with READ_COMMITTED_SNAPSHOT on it would not:
        // docs/catalog.md). Compared here, ordinally: SQL Server's columns ignore case.
        var vendor = (await (db.Database.IsNpgsql()
                ? db.Vendors.FromSql($"""SELECT * FROM catalog."Vendors" WHERE "Id" = {listing.VendorId} FOR SHARE""")
                : db.Vendors.Where(v => v.Id == listing.VendorId)).AsNoTracking().ToListAsync(ct)).Single();
        if (string.Equals(vendor.Name, listing.VendorName, StringComparison.Ordinal) && string.Equals(vendor.Region, listing.VendorRegion, StringComparison.Ordinal)
            && vendor.CertifiedUntil == listing.VendorCertifiedUntil)
        {
            return;
        }

        await db.Listings.Where(l => l.Id == listing.Id).ExecuteUpdateAsync(u => u
            .SetProperty(l => l.VendorName, l => db.Vendors.Where(v => v.Id == l.VendorId).Select(v => v.Name).First())
            .SetProperty(l => l.VendorRegion, l => db.Vendors.Where(v => v.Id == l.VendorId).Select(v => v.Region).First())
            .SetProperty(l => l.VendorCertifiedUntil, l => db.Vendors.Where(v => v.Id == l.VendorId).Select(v => v.CertifiedUntil).First()), ct);
        var copied = await db.Listings.AsNoTracking().Where(l => l.Id == listing.Id)
            .Select(l => new { l.VendorName, l.VendorRegion, l.VendorCertifiedUntil }).SingleAsync(ct);
        (listing.VendorName, listing.VendorRegion, listing.VendorCertifiedUntil) = (copied.VendorName, copied.VendorRegion, copied.VendorCertifiedUntil);
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
