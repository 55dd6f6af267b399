using System.Text.Json;
using AutoMapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SolidarityMarket.Catalog.Search;

namespace SolidarityMarket.Catalog.Tests.Search;

/// <summary>
/// On SQLite a search runs its facet cube on a second connection while the page runs on the request's
/// <c>DbContext</c> (<see cref="ListingSearch"/>, <c>concurrent</c>). The answer must be the very same as running
/// them one after the other: compared as serialised JSON, for words and browses, filters, every sort, later pages and
/// a page past the end, with and without the match limit.
/// </summary>
public sealed class ConcurrentSearchTests(CatalogHost host) : IClassFixture<CatalogHost>
{
    public static TheoryData<string, int> Queries => new()
    {
        { "sourdough|||", 0 },
        { "sourdough|food|true|", 0 },
        { "sourdough|||", 1 },
        { "sourdough|||newest", 0 },
        { "sourdough|||price", 0 },
        { "|||", 0 },
        { "||true|newest", 0 },
        { "|manufacturing||price", 0 },
        { "hilltop|manufacturing|false|", 0 },
        { "nomatchword|||", 0 },
    };

    [Theory]
    [MemberData(nameof(Queries))]
    public async Task The_concurrent_search_answers_exactly_what_the_sequential_one_does(string spec, int matchLimit)
    {
        await SearchWorld.OfAsync(host);
        var parts = spec.Split('|');
        foreach (var (page, pageSize) in new[] { (1, 20), (1, 1), (2, 1), (9, 1) })
        {
            var query = new ListingSearchQuery
            {
                Text = parts[0].Length > 0 ? parts[0] : null,
                Sectors = parts[1].Length > 0 ? new HashSet<string> { parts[1] } : new HashSet<string>(),
                Certified = parts[2].Length > 0 ? bool.Parse(parts[2]) : null,
                Sort = parts[3] switch { "newest" => ListingSort.Newest, "price" => ListingSort.Price, _ => parts[0].Length > 0 ? ListingSort.Relevance : ListingSort.Newest },
                Page = page,
                PageSize = pageSize,
            };

            var concurrent = await SearchAsync(query, matchLimit, concurrent: true);
            var sequential = await SearchAsync(query, matchLimit, concurrent: false);

            Assert.Equal(sequential, concurrent);
            Assert.Contains("\"Total\"", concurrent);
        }
    }

    private Task<string> SearchAsync(ListingSearchQuery query, int matchLimit, bool concurrent) => host.WithCatalogAsync(async db =>
        JsonSerializer.Serialize(await ListingSearch.RunAsync(
            db, host.Services.GetRequiredService<IMapper>().ConfigurationProvider, query,
            host.Services.GetRequiredService<IOptions<CatalogOptions>>().Value.EffectiveSectors, host.Clock.GetUtcNow(),
            TextMatching.FullText, CancellationToken.None, matchLimit, concurrent)));
}
