using SolidarityMarket.Catalog.Data;
using SolidarityMarket.Contracts.Catalog;
using SolidarityMarket.ServiceDefaults.Messaging;

namespace SolidarityMarket.Catalog.Consumers;

/// <summary>Stock going back to listings, and the <see cref="ListingStockChanged"/> events of a reservation or release.</summary>
internal static class StockMovements
{
    /// <summary>Adds <paramref name="quantity"/> back to a listing that counts stock (a service without capacity does not).</summary>
    public static Task<int> GiveBackAsync(CatalogDbContext db, Guid listingId, int quantity, DateTimeOffset now, CancellationToken ct) =>
        db.Listings
            .Where(l => l.Id == listingId && l.Stock != null)
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.Stock, l => l.Stock + quantity).SetProperty(l => l.Version, l => l.Version + 1).SetProperty(l => l.UpdatedAt, now), ct);

    /// <summary>A listing's stock as read back after a change.</summary>
    public sealed record StockNow(Guid ListingId, Guid VendorId, int? Stock);

    // Compiled: it runs for every reservation, so EF's per-call query work adds up.
    private static readonly CompiledQueryPerModel<Func<CatalogDbContext, List<Guid>, IAsyncEnumerable<StockNow>>> StockNowQuery = new(() =>
        EF.CompileAsyncQuery((CatalogDbContext db, List<Guid> ids) => db.Listings.AsNoTracking()
            .Where(l => ids.Contains(l.Id) && l.Stock != null)
            .Select(l => new StockNow(l.Id, l.VendorId, l.Stock))));

    /// <summary>
    /// Publishes the stock now held by each listing that counts stock, read inside the current transaction, and
    /// returns what it read (a reservation looks in it for the listings it sold out).
    /// </summary>
    public static async Task<List<StockNow>> PublishStockChangedAsync(CatalogDbContext db, IEnumerable<Guid> listingIds, DateTimeOffset now, CancellationToken ct)
    {
        var ids = listingIds.Distinct().ToList();
        var listings = await StockNowQuery.For(db)(db, ids).ToListAsync(ct);
        listings.Sort((a, b) => a.ListingId.CompareTo(b.ListingId));
        foreach (var listing in listings)
        {
            db.Publish(new ListingStockChanged(listing.ListingId, listing.VendorId, listing.Stock, now), now);
        }

        return listings;
    }
}
