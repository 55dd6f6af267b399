using CsCheck;
using SolidarityMarket.Catalog.Search;

namespace SolidarityMarket.Catalog.Tests.Search;

/// <summary>
/// <see cref="FacetCube.Facets"/> counts every facet in one pass; these check it against the definition, written
/// the plain way: a facet's counts are the sums over the cells that pass every filter except that facet's own.
/// </summary>
public sealed class FacetCubePropertyTests
{
    private static readonly string[] Sectors = ["food", "care", "housing", "odd-sector", "new-sector"];
    private static readonly string[] Regions = ["North", "South", "East", ""];

    private static Gen<T> OneOf<T>(T[] values) => Gen.Int[0, values.Length - 1].Select(i => values[i]);

    private static readonly Gen<FacetCube.Cell> Cell =
        Gen.Select(OneOf(Sectors), OneOf(Regions), Gen.Bool, Gen.Bool, Gen.Int[0, PriceBands.Keys.Count - 1], Gen.Int[1, 50])
            .Select((sector, region, certified, credits, band, count) => new FacetCube.Cell(sector, region, certified, credits, band, count));

    private static readonly Gen<ListingSearchQuery> Query =
        Gen.Select(
                OneOf(Sectors).HashSet[0, 2],
                OneOf([.. Regions.Where(r => r.Length > 0), "Nowhere"]).HashSet[0, 2],
                OneOf<bool?>([null, true, false]),
                OneOf<bool?>([null, true, false]),
                Gen.Int[0, PriceBands.Keys.Count - 1].HashSet[0, 3])
            .Select((sectors, regions, certified, credits, bands) => new ListingSearchQuery
            {
                Sectors = sectors, Regions = regions, Certified = certified, AcceptsCredits = credits, PriceBands = bands,
            });

    [Fact]
    public void Each_facet_counts_the_cells_passing_every_other_filter_and_the_total_every_filter() =>
        Gen.Select(Cell.List[0, 60], Query).Sample(
            (cells, query) =>
            {
                var cube = new FacetCube(cells, query);
                var facets = cube.Facets(["food", "care", "housing"]);

                bool Sector(FacetCube.Cell c) => query.Sectors.Count == 0 || query.Sectors.Contains(c.Sector);
                bool Region(FacetCube.Cell c) => query.Regions.Count == 0 || query.Regions.Contains(c.Region);
                bool Certified(FacetCube.Cell c) => query.Certified is null || query.Certified == c.Certified;
                bool Credits(FacetCube.Cell c) => query.AcceptsCredits is null || query.AcceptsCredits == c.AcceptsCredits;
                bool Band(FacetCube.Cell c) => query.PriceBands.Count == 0 || query.PriceBands.Contains(c.PriceBand);
                int Sum(Func<FacetCube.Cell, bool> where) => cells.Where(where).Sum(c => c.Count);

                Assert.Equal(Sum(c => Sector(c) && Region(c) && Certified(c) && Credits(c) && Band(c)), cube.Total());
                foreach (var f in facets.Sector)
                {
                    Assert.Equal(Sum(c => c.Sector == f.Value && Region(c) && Certified(c) && Credits(c) && Band(c)), f.Count);
                }

                foreach (var f in facets.Region)
                {
                    Assert.Equal(Sum(c => c.Region == f.Value && Sector(c) && Certified(c) && Credits(c) && Band(c)), f.Count);
                }

                Assert.Equal(
                    [("true", Sum(c => c.Certified && Sector(c) && Region(c) && Credits(c) && Band(c))), ("false", Sum(c => !c.Certified && Sector(c) && Region(c) && Credits(c) && Band(c)))],
                    facets.Certified.Select(f => (f.Value, f.Count)));
                Assert.Equal(
                    [("true", Sum(c => c.AcceptsCredits && Sector(c) && Region(c) && Certified(c) && Band(c))), ("false", Sum(c => !c.AcceptsCredits && Sector(c) && Region(c) && Certified(c) && Band(c)))],
                    facets.AcceptsCredits.Select(f => (f.Value, f.Count)));
                Assert.Equal(
                    PriceBands.Keys.Select((key, band) => (key, Sum(c => c.PriceBand == band && Sector(c) && Region(c) && Certified(c) && Credits(c)))),
                    facets.PriceBand.Select(f => (f.Value, f.Count)));

                // Every sector with a count or configured is listed once, configured first; regions with a count or
                // filtered on (never the empty one), in order.
                // Sectors outside the configured ones in the order their first counted cell comes.
                var counted = cells.Where(c => Region(c) && Certified(c) && Credits(c) && Band(c)).Select(c => c.Sector);
                Assert.Equal(new[] { "food", "care", "housing" }.Concat(counted).Distinct(), facets.Sector.Select(f => f.Value));
                var regions = cells.Where(c => Sector(c) && Certified(c) && Credits(c) && Band(c)).Select(c => c.Region).Concat(query.Regions)
                    .Where(r => r.Length > 0).Distinct().Order(StringComparer.Ordinal);
                Assert.Equal(regions, facets.Region.Select(f => f.Value));
            },
            iter: 2_000);
}
