using System.Net;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using SolidarityMarket.Catalog.Features;
using SolidarityMarket.Catalog.Features.Listings;
using SolidarityMarket.Catalog.Search;
using SolidarityMarket.Catalog.Tests.Listings;
using SolidarityMarket.ServiceDefaults.Auth;
using static SolidarityMarket.Catalog.Tests.CatalogApi;

namespace SolidarityMarket.Catalog.Tests.Search;

/// <summary>
/// The seeded data of the search tests, made once per host through the API:
/// <list type="bullet">
/// <item>Riverside Bakers (region North, certified): "Sourdough loaf" (food, $6.50, credits), "Rye crackers" (food,
/// $12, no credits; "sourdough" only in its description), "Seasonal vegetable box" (food, credits only);</item>
/// <item>Hilltop Makers (region South, not certified): "Oak chair" (manufacturing, $320, credits, markup in its
/// description), "Bicycle tune-up" (a service, manufacturing, $60, credits), a draft and an archived listing that
/// mention sourdough and must never be found.</item>
/// </list>
/// The fake clock moves a minute before each listing, so "newest" has a defined order: the published listings from
/// newest are Tune-up, Chair, Box, Crackers, Loaf.
/// </summary>
public sealed record SearchWorld(Guid Bakers, Guid Makers, ListingDto Loaf, ListingDto Crackers, ListingDto Box, ListingDto Chair, ListingDto TuneUp, ListingDto Draft, ListingDto Archived)
{
    private static readonly ConditionalWeakTable<CatalogHost, SearchWorld> Worlds = [];

    public const string ChairDescription = "Hand-made <b>oak</b> & <script>alert('x')</script> seat";

    public static async Task<SearchWorld> OfAsync(CatalogHost host)
    {
        await host.StartAsync();
        if (Worlds.TryGetValue(host, out var world))
        {
            return world;
        }

        var (bakersStaff, _) = await host.SignInAsNewUserAsync(Roles.Vendor);
        var (makersStaff, _) = await host.SignInAsNewUserAsync(Roles.Vendor);
        var (admin, _) = await host.SignInAsNewUserAsync(Roles.Admin);
        var bakers = await RegisterAsync(bakersStaff, "Riverside Bakers", "North");
        var makers = await RegisterAsync(makersStaff, "Hilltop Makers", "South");
        await admin.ApproveOkAsync((await bakersStaff.ApplyOkAsync(bakers)).Id);

        async Task<ListingDto> Listing(HttpClient staff, Guid vendor, Dictionary<string, object?> body, bool publish = true)
        {
            host.Clock.Advance(TimeSpan.FromMinutes(1));
            var listing = await staff.CreateListingOkAsync(vendor, body);
            return publish ? await OkAsync<ListingDto>(await staff.PublishListingAsync(listing.Id)) : listing;
        }

        var loaf = await Listing(bakersStaff, bakers, ListingApi.Good("Sourdough loaf", 650, 600).With("description", "Organic rye flour, baked at dawn."));
        var crackers = await Listing(bakersStaff, bakers, ListingApi.Good("Rye crackers", 1200, null).With("description", "Crunchy snack made with our sourdough starter.").With("category", "pantry"));
        var box = await Listing(bakersStaff, bakers, ListingApi.Good("Seasonal vegetable box", null, 2400).With("description", "Whatever the fields give this week.").With("category", "produce"));
        var chair = await Listing(makersStaff, makers, ListingApi.Good("Oak chair", 32000, 30000).With("description", ChairDescription)
            .With("sector", "manufacturing").With("category", "furniture").With("unit", "item"));
        var tuneUp = await Listing(makersStaff, makers, ListingApi.Service(capacity: 5).With("title", "Bicycle tune-up").With("description", "Gears, brakes and wheels checked.")
            .With("sector", "manufacturing").With("category", "bicycles").With("priceCents", 6000L).With("priceCredits", 5000L).With("unit", "service"));
        var draft = await Listing(makersStaff, makers, ListingApi.Good("Sourdough draft"), publish: false);
        var archived = await Listing(makersStaff, makers, ListingApi.Good("Archived sourdough"));
        await OkAsync<ListingDto>(await makersStaff.ArchiveListingAsync(archived.Id));

        world = new SearchWorld(bakers, makers, loaf, crackers, box, chair, tuneUp, draft, archived);
        Worlds.AddOrUpdate(host, world);
        return world;
    }

    internal static async Task<Guid> RegisterAsync(HttpClient staff, string name, string region)
    {
        var response = await staff.PostAsJsonAsync($"{Base}/vendors", new { name, description = "A co-op", category = "SolidarityEconomyInitiative", sector = "food", region });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<VendorDto>())!.Id;
    }
}

/// <summary>HTTP helpers for <c>GET /api/catalog/listings</c>.</summary>
public static class SearchApi
{
    public static async Task<ListingSearchResult> SearchAsync(this HttpClient client, string query = "")
    {
        var response = await client.GetAsync($"{Base}/listings?{query}");
        return await OkAsync<ListingSearchResult>(response);
    }

    public static Dictionary<string, int> Counts(this IReadOnlyList<FacetCount> facet) => facet.ToDictionary(f => f.Value, f => f.Count);
}
