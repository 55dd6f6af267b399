using AutoMapper;
using AutoMapper.QueryableExtensions;
using SolidarityMarket.Catalog.Data;

namespace SolidarityMarket.Catalog.Search;

/// <summary>A listing matched by the full-text index, with its score (greater is better).</summary>
public sealed record TextHit(Guid ListingId, double Rank);

/// <summary>
/// The second step of a relevance page: the page's listings by id (a handful of primary-key look-ups), projected and
/// put back in the order the ranking statement gave. Published only, again: a listing archived (or back to draft)
/// after the ranking statement read it is left out rather than shown; the page is then one short, which is rarer
/// and less wrong than showing a listing nobody may buy.
/// </summary>
internal static class RankedListings
{
    public static async Task<List<ListingHit>> LoadAsync(CatalogDbContext db, IConfigurationProvider mapping, IReadOnlyList<TextHit> ranked, CancellationToken ct)
    {
        var ids = ranked.Select(h => h.ListingId).ToList();
        var listings = await db.Listings.AsNoTracking().Where(l => ids.Contains(l.Id) && l.Status == ListingStatus.Published)
            .ProjectTo<ListingHit>(mapping).ToListAsync(ct);
        var order = ids.Select((id, i) => (id, i)).ToDictionary(x => x.id, x => x.i);
        return [.. listings.OrderBy(l => order[l.Id])];
    }
}
