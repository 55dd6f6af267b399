using System.Security.Claims;
using AutoMapper;
using Microsoft.Extensions.Options;
using SolidarityMarket.Catalog.Data;
using SolidarityMarket.Contracts.Catalog;

namespace SolidarityMarket.Catalog.Features.Listings;

/// <summary>
/// The vendor's staff (or an administrator) replace a listing's fields. A price change publishes
/// <see cref="ListingPriceChanged"/> and a stock (or capacity) change <see cref="ListingStockChanged"/>, through the
/// outbox in the same transaction, and every edit its <see cref="ListingChanged"/> snapshot.
/// <para>The body carries the <c>version</c> the editor read. A form read before a reservation (or another edit)
/// would otherwise put back the stock it showed — the vendor read 5, an order took 3, the title edit wrote 5 again:
/// 3 units oversold. A version other than the current one answers 409 <c>stale-listing</c> and changes nothing; one
/// that moves between the read here and the write (a reservation at the same moment) answers 409
/// <c>concurrent-change</c> through the <see cref="Listing.Version"/> concurrency token.</para>
/// </summary>
public static class UpdateListing
{
    public static void Map(IEndpointRouteBuilder group) =>
        group.MapPut("/listings/{id:guid}", Handle)
            .WithName("UpdateListing")
            .WithSummary("Vendor staff: change a listing")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

    public static async Task<Results<Ok<ListingDto>, ValidationProblem, ProblemHttpResult>> Handle(
        Guid id, ListingRequest request, ClaimsPrincipal user, CatalogDbContext db, ListingAccess access,
        IOptions<CatalogOptions> options, IMapper mapper, TimeProvider time, CancellationToken ct)
    {
        var errors = request.Validate(options.Value, out var kind)
            .Require(request.Version is >= 0, "version", "version is required: the listing's version as read (GET returns it); it must be 0 or more.");
        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        var listing = await db.Listings.FirstOrDefaultAsync(l => l.Id == id, ct);
        if (listing is null)
        {
            return CatalogProblems.NotFound("The listing");
        }

        if (!await access.CanManageAsync(user, listing.VendorId, "changing a listing", ct))
        {
            return CatalogProblems.Forbidden("Only the vendor's staff and administrators manage its listings.");
        }

        if (listing.Version != request.Version)
        {
            return CatalogProblems.Conflict(
                "stale-listing",
                $"The listing changed since it was read (version {request.Version}, now {listing.Version}): an order may have taken stock. Read it again and reapply the edit.");
        }

        var now = time.GetUtcNow();
        var (oldCents, oldCredits, oldStock) = (listing.PriceCents, listing.PriceCredits, listing.Stock);
        request.ApplyTo(listing, kind);
        listing.UpdatedAt = now;
        listing.Version++;
        if (listing.PriceCents != oldCents || listing.PriceCredits != oldCredits)
        {
            db.Publish(new ListingPriceChanged(listing.Id, listing.VendorId, listing.PriceCents, listing.PriceCredits, now), now);
        }

        if (listing.Stock != oldStock)
        {
            db.Publish(new ListingStockChanged(listing.Id, listing.VendorId, listing.Stock, now), now);
        }

        ListingSnapshot.Publish(db, listing, now);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return CatalogProblems.Conflict("concurrent-change", "The listing changed at the same time (a stock reservation or another edit); read it again and retry.");
        }

        return TypedResults.Ok(mapper.Map<ListingDto>(listing));
    }
}
