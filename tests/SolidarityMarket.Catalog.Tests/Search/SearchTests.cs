using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SolidarityMarket.Catalog.Search;
using static SolidarityMarket.Catalog.Tests.CatalogApi;

namespace SolidarityMarket.Catalog.Tests.Search;

/// <summary>
/// <c>GET /api/catalog/listings</c> on <see cref="SearchWorld"/>: relevance, facet counts (each facet counted with the
/// other facets' filters), filters, sorting, paging, bad input, markup. The same tests run on SQLite (FTS5) and on
/// PostgreSQL (tsvector + GIN) through the derived classes.
/// </summary>
public abstract class SearchTests(CatalogHost host)
{
    private HttpClient Anonymous => host.Anonymous();

    [Fact]
    public async Task A_title_match_ranks_above_a_description_only_match()
    {
        var world = await SearchWorld.OfAsync(host);

        var result = await Anonymous.SearchAsync("q=sourdough");

        Assert.Equal([world.Loaf.Id, world.Crackers.Id], result.Items.Select(i => i.Id));
        Assert.Equal(("relevance", 2), (result.Sort, result.Total));
        // The other way round for "rye": the crackers have it in their title, the loaf only in its description.
        Assert.Equal([world.Crackers.Id, world.Loaf.Id], (await Anonymous.SearchAsync("q=RYE")).Items.Select(i => i.Id));
    }

    [Fact]
    public async Task Words_match_stemmed_all_of_them_and_the_vendor_name_too()
    {
        var world = await SearchWorld.OfAsync(host);

        Assert.Equal([world.Chair.Id], (await Anonymous.SearchAsync("q=oak+chairs")).Items.Select(i => i.Id));
        Assert.Equal([world.Crackers.Id], (await Anonymous.SearchAsync("q=crunchy+starters")).Items.Select(i => i.Id));
        Assert.Equal([world.TuneUp.Id, world.Chair.Id], (await Anonymous.SearchAsync("q=hilltop&sort=newest")).Items.Select(i => i.Id));
        Assert.Equal([world.Chair.Id], (await Anonymous.SearchAsync("q=hilltop+oak")).Items.Select(i => i.Id));
        Assert.Empty((await Anonymous.SearchAsync("q=sourdough+chair")).Items);
        // Query syntax is not passed through: quotes, minus, brackets, stars and colons only separate words.
        Assert.Equal([world.Chair.Id], (await Anonymous.SearchAsync("q=" + Uri.EscapeDataString("\"oak\" -(chair*) ^:*"))).Items.Select(i => i.Id));
    }

    [Fact]
    public async Task Or_is_a_word_to_match_not_an_operator()
    {
        await SearchWorld.OfAsync(host);

        // "oak" finds the chair and "sourdough" the loaf and the crackers, but no listing has both (nor "or").
        var result = await Anonymous.SearchAsync("q=oak+or+sourdough");

        Assert.Equal(0, result.Total);
        Assert.Empty(result.Items);
        Assert.Empty((await Anonymous.SearchAsync("q=oak+OR+sourdough&sort=newest")).Items);
    }

    [Fact]
    public async Task A_ranked_listing_no_longer_published_when_the_page_is_loaded_is_left_out()
    {
        var world = await SearchWorld.OfAsync(host);
        // As if the draft and the archived listing had been ranked just before they stopped being published.
        var ranked = new[] { world.Loaf, world.Archived, world.Draft, world.Chair }.Select((l, i) => new TextHit(l.Id, 10 - i)).ToList();
        var mapping = host.Services.GetRequiredService<AutoMapper.IConfigurationProvider>();

        var page = await host.WithCatalogAsync(db => RankedListings.LoadAsync(db, mapping, ranked, TestContext.Current.CancellationToken));

        Assert.Equal([world.Loaf.Id, world.Chair.Id], page.Select(l => l.Id));
    }

    [Fact]
    public async Task Facets_count_the_published_listings_without_filters()
    {
        await SearchWorld.OfAsync(host);

        var result = await Anonymous.SearchAsync();

        Assert.Equal(5, result.Total);
        Assert.Equal(new Dictionary<string, int> { ["food"] = 3, ["housing"] = 0, ["services"] = 0, ["manufacturing"] = 2, ["care"] = 0 }, result.Facets.Sector.Counts());
        Assert.Equal(new Dictionary<string, int> { ["North"] = 3, ["South"] = 2 }, result.Facets.Region.Counts());
        Assert.Equal(new Dictionary<string, int> { ["true"] = 3, ["false"] = 2 }, result.Facets.Certified.Counts());
        Assert.Equal(new Dictionary<string, int> { ["true"] = 4, ["false"] = 1 }, result.Facets.AcceptsCredits.Counts());
        Assert.Equal(
            new Dictionary<string, int> { ["no-card-price"] = 1, ["under-10"] = 1, ["10-25"] = 1, ["25-50"] = 0, ["50-100"] = 1, ["100-plus"] = 1 },
            result.Facets.PriceBand.Counts());
    }

    [Fact]
    public async Task Each_facet_is_counted_with_the_other_facets_filters_but_not_its_own()
    {
        var world = await SearchWorld.OfAsync(host);

        var food = await Anonymous.SearchAsync("sector=food");
        Assert.Equal(3, food.Total);
        Assert.Equal((3, 2), (food.Facets.Sector.Counts()["food"], food.Facets.Sector.Counts()["manufacturing"]));
        Assert.Equal(new Dictionary<string, int> { ["North"] = 3 }, food.Facets.Region.Counts());
        Assert.Equal(new Dictionary<string, int> { ["true"] = 3, ["false"] = 0 }, food.Facets.Certified.Counts());

        var none = await Anonymous.SearchAsync("sector=food&certified=false");
        Assert.Equal(0, none.Total);
        Assert.Empty(none.Items);
        Assert.Equal((0, 2), (none.Facets.Sector.Counts()["food"], none.Facets.Sector.Counts()["manufacturing"]));
        Assert.Equal(new Dictionary<string, int> { ["true"] = 3, ["false"] = 0 }, none.Facets.Certified.Counts());

        var withText = await Anonymous.SearchAsync("q=sourdough&acceptsCredits=true");
        Assert.Equal([world.Loaf.Id], withText.Items.Select(i => i.Id));
        Assert.Equal(new Dictionary<string, int> { ["true"] = 1, ["false"] = 1 }, withText.Facets.AcceptsCredits.Counts());
        Assert.Equal(1, withText.Facets.Sector.Counts()["food"]);
    }

    [Fact]
    public async Task Every_filter_narrows_the_results()
    {
        var world = await SearchWorld.OfAsync(host);

        async Task<Guid[]> Ids(string query) => [.. (await Anonymous.SearchAsync(query + "&sort=newest")).Items.Select(i => i.Id)];

        Assert.Equal([world.TuneUp.Id, world.Chair.Id], await Ids("sector=manufacturing"));
        Assert.Equal([world.TuneUp.Id, world.Chair.Id, world.Box.Id, world.Crackers.Id, world.Loaf.Id], await Ids("sector=manufacturing&sector=food"));
        Assert.Equal([world.TuneUp.Id, world.Chair.Id], await Ids("region=South"));
        Assert.Equal([world.Box.Id, world.Crackers.Id, world.Loaf.Id], await Ids("certified=true"));
        Assert.Equal([world.Crackers.Id], await Ids("acceptsCredits=false"));
        Assert.Equal([world.Box.Id], await Ids("priceBand=no-card-price"));
        Assert.Equal([world.TuneUp.Id, world.Loaf.Id], await Ids("priceBand=under-10&priceBand=50-100"));
        Assert.Equal([world.Chair.Id], await Ids("region=South&priceBand=100-plus&acceptsCredits=true&certified=false"));
        Assert.Empty(await Ids("region=Nowhere"));
    }

    [Fact]
    public async Task Results_sort_by_card_price_or_newest_and_page()
    {
        var world = await SearchWorld.OfAsync(host);

        var byPrice = await Anonymous.SearchAsync("sort=price");
        Assert.Equal([world.Loaf.Id, world.Crackers.Id, world.TuneUp.Id, world.Chair.Id, world.Box.Id], byPrice.Items.Select(i => i.Id));

        // Pages by price cross from the priced listings to those without a card price.
        Assert.Equal([world.TuneUp.Id, world.Chair.Id], (await Anonymous.SearchAsync("sort=price&pageSize=2&page=2")).Items.Select(i => i.Id));
        Assert.Equal([world.Chair.Id, world.Box.Id], (await Anonymous.SearchAsync("sort=price&pageSize=3&page=2")).Items.Select(i => i.Id));
        Assert.Equal([world.Box.Id], (await Anonymous.SearchAsync("sort=price&pageSize=2&page=3")).Items.Select(i => i.Id));
        // Pages by relevance, with filters.
        Assert.Equal([world.Crackers.Id], (await Anonymous.SearchAsync("q=sourdough&pageSize=1&page=2")).Items.Select(i => i.Id));
        Assert.Equal([world.Crackers.Id], (await Anonymous.SearchAsync("q=rye&priceBand=10-25&region=North&certified=true&sector=food")).Items.Select(i => i.Id));
        Assert.Empty((await Anonymous.SearchAsync("q=rye&certified=false")).Items);

        var newest = await Anonymous.SearchAsync();
        Assert.Equal("newest", newest.Sort);
        Assert.Equal([world.TuneUp.Id, world.Chair.Id, world.Box.Id, world.Crackers.Id, world.Loaf.Id], newest.Items.Select(i => i.Id));

        var second = await Anonymous.SearchAsync("pageSize=2&page=2");
        Assert.Equal([world.Box.Id, world.Crackers.Id], second.Items.Select(i => i.Id));
        Assert.Equal((2, 2, 5), (second.Page, second.PageSize, second.Total));
        Assert.Equal([world.Loaf.Id], (await Anonymous.SearchAsync("pageSize=2&page=3")).Items.Select(i => i.Id));
        var beyond = await Anonymous.SearchAsync("pageSize=2&page=4");
        Assert.Equal((0, 5), (beyond.Items.Count, beyond.Total));
        // Relevance without words to rank by falls back to the newest first, and says so.
        Assert.Equal("newest", (await Anonymous.SearchAsync("sort=relevance")).Sort);
    }

    [Fact]
    public async Task Results_carry_the_listing_and_its_vendor_and_never_drafts_or_archived_listings()
    {
        var world = await SearchWorld.OfAsync(host);

        var all = await Anonymous.SearchAsync("pageSize=100");
        Assert.DoesNotContain(all.Items, i => i.Id == world.Draft.Id || i.Id == world.Archived.Id);
        Assert.Empty((await Anonymous.SearchAsync("q=draft")).Items);
        Assert.Empty((await Anonymous.SearchAsync("q=archived")).Items);

        var tuneUp = all.Items.Single(i => i.Id == world.TuneUp.Id);
        Assert.Equal(("Hilltop Makers", "South", false, "Service", "bicycles", "service", (int?)null, (int?)5, 6000L, 5000L),
            (tuneUp.VendorName, tuneUp.VendorRegion, tuneUp.VendorCertified, tuneUp.Kind, tuneUp.Category, tuneUp.Unit, tuneUp.Stock, tuneUp.Capacity, tuneUp.PriceCents, tuneUp.PriceCredits));
        var loaf = all.Items.Single(i => i.Id == world.Loaf.Id);
        Assert.Equal(("Riverside Bakers", true, 10, "loaf"), (loaf.VendorName, loaf.VendorCertified, loaf.Stock, loaf.Unit));
        Assert.True(loaf.VendorCertifiedUntil > host.Clock.GetUtcNow().AddMonths(11));
        Assert.Null(tuneUp.VendorCertifiedUntil);
    }

    [Fact]
    public async Task Markup_in_listing_text_is_returned_as_escaped_json_text()
    {
        await SearchWorld.OfAsync(host);

        var response = await Anonymous.GetAsync($"{Base}/listings?q=oak");
        var raw = await response.Content.ReadAsStringAsync();

        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("<script>", raw, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>", raw, StringComparison.Ordinal);
        Assert.Contains("\\u003Cscript\\u003E", raw, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(raw);
        Assert.Equal(SearchWorld.ChairDescription, json.RootElement.GetProperty("items")[0].GetProperty("description").GetString());
    }

    public static TheoryData<string, string> BadQueries => new()
    {
        { "page=0", "page" },
        { "page=-1", "page" },
        { "page=abc", "page" },
        { "page=10001", "page" },
        { "pageSize=0", "pageSize" },
        { "pageSize=101", "pageSize" },
        { "pageSize=1e2", "pageSize" },
        { "sort=best", "sort" },
        { "sort=1", "sort" },
        { "sort=relevance,price", "sort" },
        { "certified=maybe", "certified" },
        { "acceptsCredits=1", "acceptsCredits" },
        { "priceBand=cheap", "priceBand" },
        { "sector=weapons", "sector" },
        { "region=", "region" },
        { "q=%21%21%21", "q" },
        { "q=" + new string('a', 201), "q" },
    };

    [Theory]
    [MemberData(nameof(BadQueries))]
    public async Task Bad_parameters_are_a_400_naming_the_parameter(string query, string field)
    {
        await SearchWorld.OfAsync(host);

        var problem = await AssertProblemAsync(await Anonymous.GetAsync($"{Base}/listings?{query}"), HttpStatusCode.BadRequest);

        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Fact]
    public async Task Sort_names_and_price_bands_are_the_documented_ones()
    {
        await SearchWorld.OfAsync(host);

        Assert.Equal(["no-card-price", "under-10", "10-25", "25-50", "50-100", "100-plus"], (await Anonymous.SearchAsync()).Facets.PriceBand.Select(f => f.Value));
        Assert.Equal([0, 1, 2, 2, 3, 3, 4, 4, 5, 5], new long?[] { null, 999, 1_000, 2_499, 2_500, 4_999, 5_000, 9_999, 10_000, 100_000_000 }.Select(PriceBands.Of));
        foreach (var sort in new[] { "Relevance", "price", "NEWEST" })
        {
            Assert.Equal(HttpStatusCode.OK, (await Anonymous.GetAsync($"{Base}/listings?q=oak&sort={sort}")).StatusCode);
        }
    }
}

/// <summary>Search on SQLite: the FTS5 index kept by triggers.</summary>
public sealed class SqliteSearchTests(CatalogHost host) : SearchTests(host), IClassFixture<CatalogHost>;

/// <summary>Search on PostgreSQL: the weighted tsvector column with its GIN index.</summary>
public sealed class PostgresSearchTests(PostgresCatalogHost host) : SearchTests(host), IClassFixture<PostgresCatalogHost>;
