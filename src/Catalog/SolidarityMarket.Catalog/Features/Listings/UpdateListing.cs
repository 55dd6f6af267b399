using System.Security.Claims;
using AutoMapper;
using Microsoft.Extensions.Options;
using SolidarityMarket.Catalog.Data;
using SolidarityMarket.Contracts.Catalog;

namespace SolidarityMarket.Catalog.Features.Listings;

/// <summary>
/// The vendor's staff (or an administrator) replace a listing's fields. A price change publishes
/// <see cref="ListingPriceChanged"/> and a stock (or capacity) change <see cref="ListingStockChanged"/>, through the
/// outbox in the same transaction, and every edit its <see cref="ListingChanged"/> snapshot. An edit that raced a stock reservation answers 409 <c>concurrent-change</c>.
/// </summary>
public static class UpdateListing
{
    public static void Map(IEndpointRouteBuilder group) =>
        group.MapPut("/listings/{id:guid}", Handle)
            .WithName("UpdateListing")
            .WithSummary("Vendor staff: change a listing")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

    public static async Task<Results<Ok<ListingDto>, ValidationProblem, ProblemHttpResult>> Handle(
        Guid id, ListingRequest request, ClaimsPrincipal user, CatalogDbContext db, ListingAccess access,
        IOptions<CatalogOptions> options, IMapper mapper, TimeProvider time, CancellationToken ct)
    {
        var errors = request.Validate(options.Value, out var kind);
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
