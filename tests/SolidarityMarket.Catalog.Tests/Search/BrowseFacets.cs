using Microsoft.EntityFrameworkCore;
using SolidarityMarket.Catalog.Data;
using SolidarityMarket.Catalog.Search;
using static SolidarityMarket.Catalog.Tests.CatalogApi;

namespace SolidarityMarket.Catalog.Tests.Search;

/// <summary>The exactness check that search tests share for a browse (a search without words).</summary>
internal static class BrowseFacets
{
    /// <summary>
    /// The facet counts of a search without words come from the trigger-kept <c>ListingFacetCounts</c> table; they must
    /// equal counts made from scratch over the published listings after whatever the test changed.
    /// </summary>
    public static async Task AssertExactAsync(CatalogHost host)
    {
        var result = await host.Anonymous().SearchAsync("pageSize=1");
        var now = host.Clock.GetUtcNow();
        var listings = await host.WithCatalogAsync(db => db.Listings.AsNoTracking().Where(l => l.Status == ListingStatus.Published)
            .Select(l => new { l.Sector, l.VendorRegion, l.VendorCertifiedUntil, l.PriceCredits, l.PriceCents }).ToListAsync());

        static Dictionary<string, int> Count<T>(IEnumerable<T> rows, Func<T, string> key) => rows.GroupBy(key).ToDictionary(g => g.Key, g => g.Count());
        static Dictionary<string, int> NonZero(IReadOnlyList<FacetCount> facet) => facet.Where(f => f.Count > 0).ToDictionary(f => f.Value, f => f.Count);

        Assert.Equal(listings.Count, result.Total);
        Assert.Equal(Count(listings, l => l.Sector), NonZero(result.Facets.Sector));
        Assert.Equal(Count(listings.Where(l => l.VendorRegion.Length > 0), l => l.VendorRegion), NonZero(result.Facets.Region));
        Assert.Equal(Count(listings, l => l.VendorCertifiedUntil > now ? "true" : "false"), NonZero(result.Facets.Certified));
        Assert.Equal(Count(listings, l => l.PriceCredits is null ? "false" : "true"), NonZero(result.Facets.AcceptsCredits));
        Assert.Equal(Count(listings, l => PriceBands.Keys[PriceBands.Of(l.PriceCents)]), NonZero(result.Facets.PriceBand));
    }
}
