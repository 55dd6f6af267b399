using System.Runtime.InteropServices;

namespace SolidarityMarket.Catalog.Search;

/// <summary>
/// The listings matching a search's words, counted per combination of facet values. Because every facet filter is
/// a condition on one of these values, the result total and all facet counts are sums over the cells.
/// </summary>
public sealed class FacetCube(IReadOnlyList<FacetCube.Cell> cells, ListingSearchQuery query)
{
    public sealed record Cell(string Sector, string Region, bool Certified, bool AcceptsCredits, int PriceBand, int Count);

    private enum Facet
    {
        None,
        Sector,
        Region,
        Certified,
        AcceptsCredits,
        PriceBand,
    }

    /// <summary>Results with every filter applied.</summary>
    public int Total() => cells.Where(PassesAll).Sum(c => c.Count);

    /// <summary>Results with every filter applied that also satisfy <paramref name="also"/>.</summary>
    public int Total(Func<Cell, bool> also) => cells.Where(c => PassesAll(c) && also(c)).Sum(c => c.Count);

    /// <summary>
    /// Every facet's counts in one pass over the cells: a cell counts for a facet when it passes every filter but
    /// that facet's own, so a cell failing one filter counts only for that filter's facet and one failing two for none.
    /// (A common word's cube has thousands of cells; five grouping passes with string keys cost ~1 ms of the search.)
    /// </summary>
    public SearchFacets Facets(IReadOnlyList<string> sectors)
    {
        var sector = new Dictionary<string, int>(StringComparer.Ordinal);
        var region = new Dictionary<string, int>(StringComparer.Ordinal);
        var certified = new int[2];
        var credits = new int[2];
        var band = new int[PriceBands.Keys.Count];
        foreach (var c in cells)
        {
            var failed = Facet.None;
            var failures = 0;
            foreach (var facet in Filters)
            {
                if (!Satisfies(c, facet))
                {
                    failed = facet;
                    failures++;
                }
            }

            if (failures > 1)
            {
                continue;
            }

            bool CountsFor(Facet facet) => failures == 0 || failed == facet;
            if (CountsFor(Facet.Sector))
            {
                CollectionsMarshal.GetValueRefOrAddDefault(sector, c.Sector, out _) += c.Count;
            }

            if (CountsFor(Facet.Region))
            {
                CollectionsMarshal.GetValueRefOrAddDefault(region, c.Region, out _) += c.Count;
            }

            if (CountsFor(Facet.Certified))
            {
                certified[c.Certified ? 0 : 1] += c.Count;
            }

            if (CountsFor(Facet.AcceptsCredits))
            {
                credits[c.AcceptsCredits ? 0 : 1] += c.Count;
            }

            if (CountsFor(Facet.PriceBand))
            {
                band[c.PriceBand] += c.Count;
            }
        }

        // Fixed value lists show zero counts too; regions are open-ended, so only those with results or filtered on.
        var regionValues = region.Keys.Concat(query.Regions).Where(r => r.Length > 0).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        return new SearchFacets(
            List(sectors.Concat(sector.Keys).Distinct(StringComparer.Ordinal), sector),
            List(regionValues, region),
            [new FacetCount("true", certified[0]), new FacetCount("false", certified[1])],
            [new FacetCount("true", credits[0]), new FacetCount("false", credits[1])],
            [.. PriceBands.Keys.Select((key, i) => new FacetCount(key, band[i]))]);
    }

    private static readonly Facet[] Filters = [Facet.Sector, Facet.Region, Facet.Certified, Facet.AcceptsCredits, Facet.PriceBand];

    private static List<FacetCount> List(IEnumerable<string> values, Dictionary<string, int> counts) =>
        values.Select(v => new FacetCount(v, counts.GetValueOrDefault(v))).ToList();

    /// <summary>Whether the cell satisfies the filter of <paramref name="facet"/> (true when that facet has none).</summary>
    private bool Satisfies(Cell c, Facet facet) => facet switch
    {
        Facet.Sector => query.Sectors.Count == 0 || query.Sectors.Contains(c.Sector),
        Facet.Region => query.Regions.Count == 0 || query.Regions.Contains(c.Region),
        Facet.Certified => query.Certified is null || query.Certified == c.Certified,
        Facet.AcceptsCredits => query.AcceptsCredits is null || query.AcceptsCredits == c.AcceptsCredits,
        Facet.PriceBand => query.PriceBands.Count == 0 || query.PriceBands.Contains(c.PriceBand),
        _ => true,
    };

    /// <summary>Whether the cell satisfies every filter.</summary>
    private bool PassesAll(Cell c)
    {
        foreach (var facet in Filters)
        {
            if (!Satisfies(c, facet))
            {
                return false;
            }
        }

        return true;
    }
}
