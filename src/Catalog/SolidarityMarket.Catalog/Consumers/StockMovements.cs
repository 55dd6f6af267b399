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

    /// <summary>A counted take that matched: <see cref="StockLeft"/> when the provider returned it with the update.</summary>
    public sealed record StockTaken(StockNow? StockLeft);

    /// <summary>
    /// Takes <paramref name="quantity"/> from a published listing that counts stock and has at least that much, in one
    /// conditional statement (of two takes racing for the last unit exactly one matches; stock never goes negative).
    /// Returns null when it did not match. The statement locks the listing's row until the transaction ends, and the
    /// benchmark's buyers queue on a few such rows, so on PostgreSQL the take returns the stock it left
    /// (<c>UPDATE ... RETURNING</c>): the read-back that the stock event needs is then not another round trip made
    /// while every other buyer of the listing waits. Elsewhere the caller reads the stock back
    /// (<see cref="PublishStockChangedAsync"/>).
    /// </summary>
    public static async Task<StockTaken?> TakeCountedAsync(CatalogDbContext db, Guid listingId, int quantity, DateTimeOffset now, CancellationToken ct)
    {
        if (db.Database.IsNpgsql())
        {
            // The same statement as the ExecuteUpdate below ("Stock" >= n is false for a null stock), plus RETURNING.
            var left = await db.Database.SqlQuery<StockNow>($"""
                UPDATE catalog."Listings" SET "Stock" = "Stock" - {quantity}, "Version" = "Version" + 1, "UpdatedAt" = {now}
                WHERE "Id" = {listingId} AND "Status" = {nameof(ListingStatus.Published)} AND "Stock" >= {quantity}
                RETURNING "Id" AS "ListingId", "VendorId", "Stock"
                """).ToListAsync(ct);
            return left.Count == 1 ? new StockTaken(left[0]) : null;
        }

        var taken = await db.Listings
            .Where(l => l.Id == listingId && l.Status == ListingStatus.Published && l.Stock != null && l.Stock >= quantity)
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.Stock, l => l.Stock - quantity).SetProperty(l => l.Version, l => l.Version + 1).SetProperty(l => l.UpdatedAt, now), ct);
        return taken == 1 ? new StockTaken(null) : null;
    }

    /// <summary>Publishes the stock each listing was left with, as returned by its take (PostgreSQL).</summary>
    public static List<StockNow> PublishStockChanged(CatalogDbContext db, List<StockNow> listings, DateTimeOffset now)
    {
        listings.Sort((a, b) => a.ListingId.CompareTo(b.ListingId));
        foreach (var listing in listings)
        {
            db.Publish(new ListingStockChanged(listing.ListingId, listing.VendorId, listing.Stock, now), now);
        }

        return listings;
    }

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
        return PublishStockChanged(db, await StockNowQuery.For(db)(db, ids).ToListAsync(ct), now);
    }
}
