using AutoMapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SolidarityMarket.Catalog.Data;
using SolidarityMarket.Catalog.Search;

namespace SolidarityMarket.Catalog.Tests.Search;

/// <summary>
/// The match limit (docs/adr/0009-search-match-limit.md) on <see cref="SearchWorld"/>, where "sourdough" matches two
/// published listings (the loaf by its title, the crackers by their description): a relevance search over the limit
/// counts and ranks only limit-many matches and says so; at or under the limit, and when sorted by newest or price,
/// everything stays exact. Run on SQLite and PostgreSQL through the derived classes.
/// </summary>
public abstract class SearchMatchLimitTests(CatalogHost host)
{
    protected CatalogHost Host => host;

    protected Task<ListingSearchResult> SearchAsync(ListingSearchQuery query, int matchLimit) => host.WithCatalogAsync(db =>
        ListingSearch.RunAsync(
            db, host.Services.GetRequiredService<IMapper>().ConfigurationProvider, query,
            host.Services.GetRequiredService<IOptions<CatalogOptions>>().Value.EffectiveSectors, host.Clock.GetUtcNow(),
            TextMatching.FullText, CancellationToken.None, matchLimit));

    private static ListingSearchQuery Sourdough(ListingSort sort = ListingSort.Relevance) => new() { Text = "sourdough", Sort = sort };

    [Fact]
    public async Task Over_the_limit_the_total_facets_and_page_cover_that_many_matches_and_the_result_says_so()
    {
        var world = await SearchWorld.OfAsync(host);

        var result = await SearchAsync(Sourdough(), matchLimit: 1);

        Assert.Equal(("gte", false, (int?)1, 1), (result.TotalRelation, result.FacetsExact, result.MatchLimit, result.Total));
        var item = Assert.Single(result.Items);
        Assert.Contains(item.Id, new[] { world.Loaf.Id, world.Crackers.Id });
        // Facet counts count the same one match: every facet sums to it.
        Assert.Equal(1, result.Facets.Sector.Sum(f => f.Count));
        Assert.Equal(1, result.Facets.Certified.Sum(f => f.Count));
        Assert.Equal(1, result.Facets.PriceBand.Sum(f => f.Count));
        // The counted match is the one on the page: its own facet values carry the count.
        var expectedBand = PriceBands.Keys[PriceBands.Of(item.Id == world.Loaf.Id ? world.Loaf.PriceCents : world.Crackers.PriceCents)];
        Assert.Equal(1, result.Facets.PriceBand.Single(f => f.Value == expectedBand).Count);
    }

    [Fact]
    public async Task At_or_under_the_limit_or_without_one_everything_is_exact()
    {
        var world = await SearchWorld.OfAsync(host);

        foreach (var limit in new[] { 2, 3, 0 })
        {
            var result = await SearchAsync(Sourdough(), limit);

            Assert.Equal(("eq", true, (int?)null, 2), (result.TotalRelation, result.FacetsExact, result.MatchLimit, result.Total));
            Assert.Equal([world.Loaf.Id, world.Crackers.Id], result.Items.Select(i => i.Id));
            Assert.Equal(2, result.Facets.Sector.Single(f => f.Value == "food").Count);
        }
    }

    [Fact]
    public async Task Sorted_by_newest_or_price_every_match_is_counted_and_sorted()
    {
        var world = await SearchWorld.OfAsync(host);

        var newest = await SearchAsync(Sourdough(ListingSort.Newest), matchLimit: 1);
        var byPrice = await SearchAsync(Sourdough(ListingSort.Price), matchLimit: 1);

        Assert.Equal(("eq", true, 2), (newest.TotalRelation, newest.FacetsExact, newest.Total));
        Assert.Equal([world.Crackers.Id, world.Loaf.Id], newest.Items.Select(i => i.Id));
        Assert.Equal(("eq", true, 2), (byPrice.TotalRelation, byPrice.FacetsExact, byPrice.Total));
        Assert.Equal([world.Loaf.Id, world.Crackers.Id], byPrice.Items.Select(i => i.Id));
    }

    [Fact]
    public async Task By_default_the_api_counts_and_ranks_every_match()
    {
        await SearchWorld.OfAsync(host);

        var result = await host.Anonymous().SearchAsync("q=sourdough");

        Assert.Equal(CatalogOptions.DefaultSearchMatchLimit, host.Services.GetRequiredService<IOptions<CatalogOptions>>().Value.SearchMatchLimit);
        Assert.Equal(("eq", true, (int?)null, 2), (result.TotalRelation, result.FacetsExact, result.MatchLimit, result.Total));
    }
}

/// <summary>The match limit on SQLite, where the counted matches are the newest (FTS5 walks rowids from the newest).</summary>
public sealed class SqliteSearchMatchLimitTests(CatalogHost host) : SearchMatchLimitTests(host), IClassFixture<CatalogHost>
{
    [Fact]
    public async Task The_counted_matches_are_the_most_recently_added()
    {
        var world = await SearchWorld.OfAsync(Host);

        var result = await SearchAsync(new ListingSearchQuery { Text = "sourdough", Sort = ListingSort.Relevance }, matchLimit: 1);
        var credits = await SearchAsync(new ListingSearchQuery { Text = "sourdough", AcceptsCredits = true, Sort = ListingSort.Relevance }, matchLimit: 1);

        // The crackers were added after the loaf, so they are the one match counted, although the loaf ranks higher.
        Assert.Equal([world.Crackers.Id], result.Items.Select(i => i.Id));
        // Filters apply within the counted matches: the crackers take no credits, so none is found — "at least 0".
        Assert.Equal(("gte", 0), (credits.TotalRelation, credits.Total));
        Assert.Empty(credits.Items);
        Assert.Equal(1, credits.Facets.AcceptsCredits.Single(f => f.Value == "false").Count);
    }
}

/// <summary>The match limit on PostgreSQL, where the counted matches are the first the index scan reads.</summary>
public sealed class PostgresSearchMatchLimitTests(PostgresCatalogHost host) : SearchMatchLimitTests(host), IClassFixture<PostgresCatalogHost>;

/// <summary>A host with <c>Catalog:SearchMatchLimit</c> = 1: the API reads the setting and reports the limit.</summary>
public sealed class MatchLimitOfOneCatalogHost : CatalogHost
{
    protected override Task<Dictionary<string, string?>> SettingsAsync() =>
        Task.FromResult(new Dictionary<string, string?> { ["Catalog:SearchMatchLimit"] = "1" });
}

public sealed class ConfiguredSearchMatchLimitTests(MatchLimitOfOneCatalogHost host) : IClassFixture<MatchLimitOfOneCatalogHost>
{
    [Fact]
    public async Task The_api_applies_the_configured_limit_and_reports_it()
    {
        var world = await SearchWorld.OfAsync(host);

        var result = await host.Anonymous().SearchAsync("q=sourdough");

        Assert.Equal(("gte", false, (int?)1, 1), (result.TotalRelation, result.FacetsExact, result.MatchLimit, result.Total));
        Assert.Equal([world.Crackers.Id], result.Items.Select(i => i.Id));
    }
}
