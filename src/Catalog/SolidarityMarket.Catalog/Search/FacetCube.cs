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
    public int Total() => cells.Where(c => Passes(c, except: Facet.None)).Sum(c => c.Count);

    /// <summary>Results with every filter applied that also satisfy <paramref name="also"/>.</summary>
    public int Total(Func<Cell, bool> also) => cells.Where(c => Passes(c, except: Facet.None) && also(c)).Sum(c => c.Count);

    public SearchFacets Facets(IReadOnlyList<string> sectors)
    {
        var sector = CountBy(Facet.Sector, c => c.Sector);
        var region = CountBy(Facet.Region, c => c.Region);
        var certified = CountBy(Facet.Certified, c => Bool(c.Certified));
        var credits = CountBy(Facet.AcceptsCredits, c => Bool(c.AcceptsCredits));
        var band = CountBy(Facet.PriceBand, c => PriceBands.Keys[c.PriceBand]);

        // Fixed value lists show zero counts too; regions are open-ended, so only those with results or filtered on.
        var regionValues = region.Keys.Concat(query.Regions).Where(r => r.Length > 0).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        return new SearchFacets(
            List(sectors.Concat(sector.Keys).Distinct(StringComparer.Ordinal), sector),
            List(regionValues, region),
            List(["true", "false"], certified),
            List(["true", "false"], credits),
            List(PriceBands.Keys, band));
    }

    private static string Bool(bool value) => value ? "true" : "false";

    private static List<FacetCount> List(IEnumerable<string> values, Dictionary<string, int> counts) =>
        values.Select(v => new FacetCount(v, counts.GetValueOrDefault(v))).ToList();

    private Dictionary<string, int> CountBy(Facet facet, Func<Cell, string> value) =>
        cells.Where(c => Passes(c, except: facet)).GroupBy(value, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Sum(c => c.Count), StringComparer.Ordinal);

    /// <summary>Whether the cell satisfies every filter except the one of <paramref name="except"/>.</summary>
    private bool Passes(Cell c, Facet except) =>
        (except == Facet.Sector || query.Sectors.Count == 0 || query.Sectors.Contains(c.Sector))
        && (except == Facet.Region || query.Regions.Count == 0 || query.Regions.Contains(c.Region))
        && (except == Facet.Certified || query.Certified is null || query.Certified == c.Certified)
        && (except == Facet.AcceptsCredits || query.AcceptsCredits is null || query.AcceptsCredits == c.AcceptsCredits)
        && (except == Facet.PriceBand || query.PriceBands.Count == 0 || query.PriceBands.Contains(c.PriceBand));
}
