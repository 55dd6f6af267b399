using SolidarityMarket.Catalog.Data;
using SolidarityMarket.Contracts.Catalog;

namespace SolidarityMarket.Catalog.Consumers;

/// <summary>Stock going back to listings, and the <see cref="ListingStockChanged"/> events of a reservation or release.</summary>
internal static class StockMovements
{
    /// <summary>Adds <paramref name="quantity"/> back to a listing that counts stock (a service without capacity does not).</summary>
    public static Task<int> GiveBackAsync(CatalogDbContext db, Guid listingId, int quantity, DateTimeOffset now, CancellationToken ct) =>
        db.Listings
            .Where(l => l.Id == listingId && l.Stock != null)
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.Stock, l => l.Stock + quantity).SetProperty(l => l.Version, l => l.Version + 1).SetProperty(l => l.UpdatedAt, now), ct);

    /// <summary>Publishes the stock now held by each listing that counts stock, read inside the current transaction.</summary>
    public static async Task PublishStockChangedAsync(CatalogDbContext db, IEnumerable<Guid> listingIds, DateTimeOffset now, CancellationToken ct)
    {
        var ids = listingIds.Distinct().ToList();
        var listings = await db.Listings.AsNoTracking().Where(l => ids.Contains(l.Id) && l.Stock != null)
            .Select(l => new { l.Id, l.VendorId, l.Stock }).ToListAsync(ct);
        foreach (var listing in listings.OrderBy(l => l.Id))
        {
            db.Publish(new ListingStockChanged(listing.Id, listing.VendorId, listing.Stock, now), now);
        }
    }
}
