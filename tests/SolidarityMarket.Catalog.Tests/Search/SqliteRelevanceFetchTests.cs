using AutoMapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SolidarityMarket.Catalog.Features.Listings;
using SolidarityMarket.Catalog.Search;
using SolidarityMarket.Catalog.Tests.Listings;
using SolidarityMarket.ServiceDefaults.Auth;
using static SolidarityMarket.Catalog.Tests.CatalogApi;

namespace SolidarityMarket.Catalog.Tests.Search;

/// <summary>
/// SQLite ranks an unfiltered relevance page from the FTS5 index alone and keeps its best rows
/// (<see cref="SqliteRelevancePage"/>); the index also holds drafts and archived listings, which can crowd the
/// published ones out of those rows. Here 24 drafts and 2 archived listings outrank every published "zebra"
/// listing, so a page of one or two must be ranked the whole way, while a page of 20 is served from the best rows:
/// both must give the same listings in the same order, ties by the order listings were added. Then 30 more published
/// matches make the index's best rows too few for all of them, so a page is also served from a full fetch.
/// </summary>
public sealed class SqliteRelevanceFetchTests(CatalogHost host) : IClassFixture<CatalogHost>
{
    [Fact]
    public async Task Drafts_crowding_the_best_matches_change_neither_the_listings_nor_their_order_on_any_page()
    {
        var (staff, _) = await host.SignInAsNewUserAsync(Roles.Vendor);
        var vendor = await SearchWorld.RegisterAsync(staff, "Savanna Prints", "East");
        async Task<ListingDto> Listing(string title, string description, bool publish = true)
        {
            host.Clock.Advance(TimeSpan.FromSeconds(10)); // well inside the sign-in's hour
            var listing = await staff.CreateListingOkAsync(vendor, ListingApi.Good(title).With("description", description));
            return publish ? await OkAsync<ListingDto>(await staff.PublishListingAsync(listing.Id)) : listing;
        }

        var best = await Listing("Zebra zebra mug", "A mug.");
        var mug = await Listing("Zebra mug", "A mug.");
        var cup = await Listing("Zebra cup", "A mug.");
        var bowl = await Listing("Zebra bowl", "A mug.");
        var striped = await Listing("Striped mug", "Printed with a zebra.");
        for (var i = 0; i < 24; i++)
        {
            await Listing("Zebra zebra zebra print", "Zebra.", publish: false);
        }

        for (var i = 0; i < 2; i++)
        {
            var archived = await Listing("Zebra zebra zebra poster", "Zebra.");
            await OkAsync<ListingDto>(await staff.ArchiveListingAsync(archived.Id));
        }

        // 31 matches, 5 published: a page of 20 ranks at most 56 rows from the index, so all of them, with no re-ranking.
        var whole = await PageAsync(pageSize: 20, page: 1);
        Assert.Equal(5, whole.Total);
        Assert.Equal(best.Id, whole.Items[0].Id);
        Assert.Equal(striped.Id, whole.Items[^1].Id);
        // Equal scores (same title length, same description) keep the order they were added in.
        Assert.Equal([mug.Id, cup.Id, bowl.Id], whole.Items.Skip(1).Take(3).Select(i => i.Id));

        // Pages of 1 and 2: the best 18 and 20 rows of the index are all drafts or archived, so each is ranked again.
        foreach (var pageSize in new[] { 1, 2 })
        {
            var pages = new List<Guid>();
            for (var page = 1; page <= (5 + pageSize - 1) / pageSize; page++)
            {
                pages.AddRange((await PageAsync(pageSize, page)).Items.Select(i => i.Id));
            }

            Assert.Equal(whole.Items.Select(i => i.Id), pages);
        }

        // 30 more published matches, each below the drafts: now a page of 20 fills from the best 56 rows of the index
        // (26 of them drafts or archived), a page of 1 is ranked again up to the 9th result and from the index after.
        for (var i = 0; i < 30; i++)
        {
            await Listing($"Plate {i}", $"A plate with a zebra, number {i}.");
        }

        var bySize = new Dictionary<int, List<Guid>>();
        foreach (var pageSize in new[] { 1, 7, 20 })
        {
            bySize[pageSize] = [];
            for (var page = 1; page <= (35 + pageSize - 1) / pageSize; page++)
            {
                bySize[pageSize].AddRange((await PageAsync(pageSize, page)).Items.Select(i => i.Id));
            }
        }

        Assert.Equal(35, bySize[20].Distinct().Count());
        Assert.Equal(bySize[20], bySize[1]);
        Assert.Equal(bySize[20], bySize[7]);
        Assert.Equal(whole.Items.Take(4).Select(i => i.Id), bySize[20].Take(4));
    }

    private Task<ListingSearchResult> PageAsync(int pageSize, int page) => host.WithCatalogAsync(db =>
        ListingSearch.RunAsync(
            db, host.Services.GetRequiredService<IMapper>().ConfigurationProvider,
            new ListingSearchQuery { Text = "zebra", Sort = ListingSort.Relevance, PageSize = pageSize, Page = page },
            host.Services.GetRequiredService<IOptions<CatalogOptions>>().Value.EffectiveSectors, host.Clock.GetUtcNow(),
            TextMatching.FullText, CancellationToken.None, matchLimit: 0));
}
