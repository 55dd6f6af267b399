using SolidarityMarket.Catalog.Data;
using SolidarityMarket.Contracts.Catalog;

namespace SolidarityMarket.Catalog.Features.Listings;

/// <summary>
/// Builds and queues the <see cref="ListingChanged"/> snapshot that goes out through the outbox with every change of
/// a listing (create, edit, publish, archive, stock given back, and a reservation that sells the listing out). Its
/// version is the listing's version after the change, so Ordering keeps the newest snapshot whatever order they
/// arrive in.
/// </summary>
public static class ListingSnapshot
{
    public static ListingChanged Of(Listing listing, DateTimeOffset now) => new(
        listing.Id, listing.VendorId, listing.Title, listing.Kind.ToString(), listing.Status.ToString(), listing.Unit,
        listing.PriceCents, listing.PriceCredits, listing.Stock, listing.Version, now);

    /// <summary>Queues the snapshot of <paramref name="listing"/> as it will be once the current SaveChanges commits.</summary>
    public static void Publish(CatalogDbContext db, Listing listing, DateTimeOffset now) => db.Publish(Of(listing, now), now);

    /// <summary>
    /// Queues the snapshots of listings changed by set-based updates (<c>ExecuteUpdate</c>), read back inside the
    /// current transaction so they carry the versions those updates wrote.
    /// </summary>
    public static async Task PublishCurrentAsync(CatalogDbContext db, IEnumerable<Guid> listingIds, DateTimeOffset now, CancellationToken ct)
    {
        var ids = listingIds.Distinct().ToList();
        var listings = await db.Listings.AsNoTracking().Where(l => ids.Contains(l.Id)).ToListAsync(ct);
        foreach (var listing in listings.OrderBy(l => l.Id))
        {
            Publish(db, listing, now);
        }
    }

    /// <summary>
    /// Queues the snapshots of the listings a reservation has just sold out (stock 0 in <paramref name="stockNow"/>,
    /// the stock it read back inside the current transaction). A reservation that leaves stock publishes no snapshot: a snapshot per order made Ordering rewrite
    /// one hot copy per order (docs/performance.md, "Checkout"), and the copy's stock is only a hint that may stay
    /// above the real stock (Catalog's reservation decides). Reservations only lower stock and every other change
    /// (edit, release) publishes a snapshot, so the copy is never below the real stock, and it reads 0 once sold out.
    /// </summary>
    public static Task PublishSoldOutAsync(CatalogDbContext db, IEnumerable<(Guid ListingId, int? Stock)> stockNow, DateTimeOffset now, CancellationToken ct)
    {
        // Most reservations sell nothing out: no read for them.
        var soldOut = stockNow.Where(s => s.Stock == 0).Select(s => s.ListingId).ToList();
        return soldOut.Count == 0 ? Task.CompletedTask : PublishCurrentAsync(db, soldOut, now, ct);
    }
}
