using AutoMapper;
using AutoMapper.QueryableExtensions;
using SolidarityMarket.Catalog.Data;

namespace SolidarityMarket.Catalog.Search;

/// <summary>The pages sorted by a listing column (newest first, card price), composed in LINQ over the filtered listings.</summary>
internal static class SortedPages
{
    /// <summary>Newest first, ties by id; <c>(Status, CreatedAt)</c> serves the order.</summary>
    public static Task<List<ListingHit>> NewestAsync(IQueryable<Listing> filtered, IConfigurationProvider mapping, int skip, int take, CancellationToken ct) =>
        filtered.OrderByDescending(l => l.CreatedAt).ThenBy(l => l.Id).Skip(skip).Take(take).ProjectTo<ListingHit>(mapping).ToListAsync(ct);

    /// <summary>
    /// Card price ascending, listings without a card price last (by id). Done as two index-ordered ranges — the
    /// priced listings by <c>(Status, PriceCents)</c>, then the unpriced ones — instead of one
    /// <c>ORDER BY PriceCents IS NULL, PriceCents</c> that no index serves; <paramref name="priced"/> (from the facet
    /// cube) says where the first range ends.
    /// </summary>
    public static async Task<List<ListingHit>> ByPriceAsync(
        IQueryable<Listing> filtered, IConfigurationProvider mapping, int priced, int skip, int take, CancellationToken ct)
    {
        var items = new List<ListingHit>();
        if (skip < priced)
        {
            items = await filtered.Where(l => l.PriceCents != null).OrderBy(l => l.PriceCents).ThenBy(l => l.Id)
                .Skip(skip).Take(take).ProjectTo<ListingHit>(mapping).ToListAsync(ct);
        }

        if (items.Count < take)
        {
            items.AddRange(await filtered.Where(l => l.PriceCents == null).OrderBy(l => l.Id)
                .Skip(Math.Max(0, skip - priced)).Take(take - items.Count).ProjectTo<ListingHit>(mapping).ToListAsync(ct));
        }

        return items;
    }
}
