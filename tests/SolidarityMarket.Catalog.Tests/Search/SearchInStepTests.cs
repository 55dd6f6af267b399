using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using SolidarityMarket.Catalog.Features.Listings;
using SolidarityMarket.Catalog.Search;
using SolidarityMarket.Catalog.Tests.Listings;
using SolidarityMarket.ServiceDefaults.Auth;
using static SolidarityMarket.Catalog.Tests.CatalogApi;

namespace SolidarityMarket.Catalog.Tests.Search;

/// <summary>
/// Search copies the vendor's name, region and certification into its listings; these tests change the vendor and
/// search again: certified and revoked, expired (by the clock, then by the job), a new region, a new name (set
/// straight in the database, as no endpoint renames a vendor: the trigger does it whatever code changes the row),
/// and an edited title. Each test uses its own vendor and a made-up word, so they do not see each other's listings.
/// </summary>
public abstract class SearchInStepTests(CatalogHost host)
{
    [Fact]
    public async Task Certifying_and_revoking_a_vendor_shows_in_search_at_once()
    {
        var (staff, admin, vendorId, word, listing) = await VendorWithListingAsync();

        Assert.False((await FindAsync(word)).VendorCertified);
        await admin.ApproveOkAsync((await staff.ApplyOkAsync(vendorId)).Id);
        Assert.True((await FindAsync(word)).VendorCertified);
        Assert.Equal([listing.Id], (await host.Anonymous().SearchAsync($"q={word}&certified=true")).Items.Select(i => i.Id));

        await OkAsync<Catalog.Features.Certification.CertificateDto>(await admin.RevokeAsync(vendorId, "Pay ratio no longer met."));
        Assert.False((await FindAsync(word)).VendorCertified);
        Assert.Empty((await host.Anonymous().SearchAsync($"q={word}&certified=true")).Items);
        await AssertWordFacetCountsAreExactAsync(word, expectedTotal: 1);
        await BrowseFacets.AssertExactAsync(host);
    }

    [Fact]
    public async Task A_certificate_stops_counting_at_its_valid_until_even_before_the_job_runs()
    {
        var (staff, admin, vendorId, word, _) = await VendorWithListingAsync();
        await admin.ApproveOkAsync((await staff.ApplyOkAsync(vendorId)).Id);
        Assert.True((await FindAsync(word)).VendorCertified);

        host.Clock.Advance(TimeSpan.FromDays(366));
        Assert.Equal((false, (DateTimeOffset?)null), (await FindAsync(word)) is var lapsed ? (lapsed.VendorCertified, lapsed.VendorCertifiedUntil) : default);
        await host.RunCertificationJobAsync();
        Assert.False((await FindAsync(word)).VendorCertified);
        Assert.Null(await host.WithCatalogAsync(db => db.Listings.Where(l => l.VendorId == vendorId).Select(l => l.VendorCertifiedUntil).FirstAsync()));
        await BrowseFacets.AssertExactAsync(host);
    }

    [Fact]
    public async Task A_new_region_and_a_new_name_reach_the_vendors_listings()
    {
        var (staff, _, vendorId, word, listing) = await VendorWithListingAsync();
        var newName = $"Renamed {word}x Co-op";

        var profile = await staff.PutAsJsonAsync($"{Base}/vendors/{vendorId}/profile", new { description = "Moved.", region = "Far East" });
        Assert.True(profile.IsSuccessStatusCode, await profile.Content.ReadAsStringAsync());
        await host.WithCatalogAsync(db => db.Vendors.Where(v => v.Id == vendorId).ExecuteUpdateAsync(s => s.SetProperty(v => v.Name, newName)));

        var found = await FindAsync(word);
        Assert.Equal(("Far East", newName), (found.VendorRegion, found.VendorName));
        Assert.Equal([listing.Id], (await host.Anonymous().SearchAsync($"q={word}x")).Items.Select(i => i.Id));
        Assert.Equal([listing.Id], (await host.Anonymous().SearchAsync($"q={word}&region=Far+East")).Items.Select(i => i.Id));
        await BrowseFacets.AssertExactAsync(host);
    }

    [Fact]
    public async Task An_edited_title_is_found_by_its_new_words_only()
    {
        var (staff, _, _, word, listing) = await VendorWithListingAsync();
        var newWord = word + "q";

        await OkAsync<ListingDto>(await staff.UpdateListingAsync(listing.Id, ListingApi.Good($"Loaf {newWord}")));

        Assert.Equal([listing.Id], (await host.Anonymous().SearchAsync($"q={newWord}")).Items.Select(i => i.Id));
        Assert.Empty((await host.Anonymous().SearchAsync($"q=loaf+{word}")).Items);
        await BrowseFacets.AssertExactAsync(host);
    }

    [Fact]
    public async Task A_searchs_facet_counts_follow_a_listing_through_price_changes_and_archiving()
    {
        var (staff, _, vendorId, word, listing) = await VendorWithListingAsync();
        var second = await staff.CreateListingOkAsync(vendorId, ListingApi.Good($"Crate {word}", 12_000, null));
        await OkAsync<ListingDto>(await staff.PublishListingAsync(second.Id));
        await AssertWordFacetCountsAreExactAsync(word, expectedTotal: 2);

        // Into another price band, and no longer for credits; then a change the facets do not see (stock).
        await OkAsync<ListingDto>(await staff.UpdateListingAsync(listing.Id, ListingApi.Good($"Loaf {word}", 3_000, null)));
        await host.WithCatalogAsync(db => db.Listings.Where(l => l.Id == listing.Id).ExecuteUpdateAsync(s => s.SetProperty(l => l.Stock, 3)));
        var moved = await host.Anonymous().SearchAsync($"q={word}");
        Assert.Equal((1, 1, 0), (moved.Facets.PriceBand.Counts()["25-50"], moved.Facets.PriceBand.Counts()["100-plus"], moved.Facets.PriceBand.Counts()["under-10"]));
        Assert.Equal((0, 2), (moved.Facets.AcceptsCredits.Counts()["true"], moved.Facets.AcceptsCredits.Counts()["false"]));
        Assert.Equal([listing.Id], (await host.Anonymous().SearchAsync($"q={word}&priceBand=25-50&acceptsCredits=false")).Items.Select(i => i.Id));
        await AssertWordFacetCountsAreExactAsync(word, expectedTotal: 2);

        await OkAsync<ListingDto>(await staff.ArchiveListingAsync(listing.Id));
        var archived = await host.Anonymous().SearchAsync($"q={word}");
        Assert.Equal([second.Id], archived.Items.Select(i => i.Id));
        Assert.Equal((1, 0), (archived.Facets.PriceBand.Counts()["100-plus"], archived.Facets.PriceBand.Counts()["25-50"]));
        await AssertWordFacetCountsAreExactAsync(word, expectedTotal: 1);
        await BrowseFacets.AssertExactAsync(host);
    }

    /// <summary>
    /// A search with words counts its facets from each match's facet cell (on SQLite, the trigger-kept
    /// <c>ListingFacetKeys</c>); the counts must equal counts made from scratch over the published listings whose
    /// title holds <paramref name="word"/> (the tests' made-up words occur nowhere else).
    /// </summary>
    private async Task AssertWordFacetCountsAreExactAsync(string word, int expectedTotal)
    {
        var result = await host.Anonymous().SearchAsync($"q={word}");
        var now = host.Clock.GetUtcNow();
        var listings = await host.WithCatalogAsync(db => db.Listings.AsNoTracking()
            .Where(l => l.Status == Data.ListingStatus.Published && l.Title.Contains(word))
            .Select(l => new { l.Sector, l.VendorRegion, l.VendorCertifiedUntil, l.PriceCredits, l.PriceCents }).ToListAsync());

        static Dictionary<string, int> Count<T>(IEnumerable<T> rows, Func<T, string> key) => rows.GroupBy(key).ToDictionary(g => g.Key, g => g.Count());
        static Dictionary<string, int> NonZero(IReadOnlyList<FacetCount> facet) => facet.Where(f => f.Count > 0).ToDictionary(f => f.Value, f => f.Count);

        Assert.Equal((expectedTotal, expectedTotal), (listings.Count, result.Total));
        Assert.Equal(Count(listings, l => l.Sector), NonZero(result.Facets.Sector));
        Assert.Equal(Count(listings, l => l.VendorRegion), NonZero(result.Facets.Region));
        Assert.Equal(Count(listings, l => l.VendorCertifiedUntil > now ? "true" : "false"), NonZero(result.Facets.Certified));
        Assert.Equal(Count(listings, l => l.PriceCredits is null ? "false" : "true"), NonZero(result.Facets.AcceptsCredits));
        Assert.Equal(Count(listings, l => PriceBands.Keys[PriceBands.Of(l.PriceCents)]), NonZero(result.Facets.PriceBand));
    }

    private async Task<ListingHit> FindAsync(string word) => Assert.Single((await host.Anonymous().SearchAsync($"q={word}")).Items);

    private async Task<(HttpClient Staff, HttpClient Admin, Guid VendorId, string Word, ListingDto Listing)> VendorWithListingAsync()
    {
        await host.StartAsync();
        var (staff, _) = await host.SignInAsNewUserAsync(Roles.Vendor);
        var (admin, _) = await host.SignInAsNewUserAsync(Roles.Admin);
        var vendor = await staff.RegisterVendorAsync();
        // A made-up word of letters only, so no test finds another's listing and no stemmer changes it.
        var word = "zz" + new string(Guid.NewGuid().ToString("N")[..10].Select(c => (char)('a' + (c % 26))).ToArray());
        var listing = await staff.CreateListingOkAsync(vendor.Id, ListingApi.Good($"Loaf {word}"));
        await OkAsync<ListingDto>(await staff.PublishListingAsync(listing.Id));
        return (staff, admin, vendor.Id, word, listing);
    }
}

public sealed class SqliteSearchInStepTests(CatalogHost host) : SearchInStepTests(host), IClassFixture<CatalogHost>;

public sealed class PostgresSearchInStepTests(PostgresCatalogHost host) : SearchInStepTests(host), IClassFixture<PostgresCatalogHost>;
