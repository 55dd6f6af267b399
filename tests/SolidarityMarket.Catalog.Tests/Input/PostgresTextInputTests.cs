using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using SolidarityMarket.Catalog.Features;
using SolidarityMarket.Catalog.Tests.Listings;
using SolidarityMarket.ServiceDefaults.Auth;
using static SolidarityMarket.Catalog.Tests.CatalogApi;

namespace SolidarityMarket.Catalog.Tests.Input;

/// <summary>
/// Text input on PostgreSQL, which enforces what SQLite does not: <c>varchar(n)</c> lengths. Bad or borderline text
/// answers 2xx or 400, never a 500.
/// </summary>
public sealed class PostgresTextInputTests(PostgresCatalogHost host) : IClassFixture<PostgresCatalogHost>
{
    /// <summary>
    /// The length was checked after trimming but the untrimmed text was stored: 4,000 characters plus two spaces
    /// passed validation and overflowed <c>varchar(4000)</c> (a 500). The trimmed text is stored now.
    /// </summary>
    [Fact]
    public async Task Text_at_the_limit_with_surrounding_spaces_is_stored_trimmed()
    {
        await host.StartAsync();
        var (staff, _) = await host.SignInAsNewUserAsync(Roles.Vendor);
        var vendor = await staff.RegisterVendorAsync();
        var description = new string('d', 4000);

        var created = await staff.CreateListingOkAsync(vendor.Id, ListingApi.Good().With("description", description + "  "));
        Assert.Equal(description, created.Description);
        var edited = await OkAsync<Features.Listings.ListingDto>(await staff.UpdateListingAsync(created.Id, ListingApi.Good().With("description", " " + description + " ")));
        Assert.Equal(description, edited.Description);

        var website = "https://example.coop/" + new string('w', 300 - "https://example.coop/".Length);
        var registered = await staff.PostAsJsonAsync($"{Base}/vendors", SolidarityDirectory.DirectoryApi.VendorBody("Spacious Co-op").With("website", website + "  "));
        Assert.True(registered.StatusCode == HttpStatusCode.Created, await registered.Content.ReadAsStringAsync());
        var other = (await registered.Content.ReadFromJsonAsync<VendorDto>())!;
        Assert.Equal(website, other.Website);
        var profile = await OkAsync<VendorDto>(await SolidarityDirectory.DirectoryApi.UpdateProfileAsync(staff, other.Id, SolidarityDirectory.DirectoryApi.VendorBody("Spacious Co-op").With("website", " " + website + " ")));
        Assert.Equal(website, profile.Website);
        Assert.Equal(website, await host.WithCatalogAsync(db => db.Vendors.Where(v => v.Id == other.Id).Select(v => v.Website).SingleAsync()));
    }

    /// <summary>PostgreSQL refuses NUL in text, even as a query parameter: it must be a 400 naming the field, not a 500.</summary>
    [Fact]
    public async Task A_NUL_in_a_listing_title_a_vendor_name_or_a_search_is_a_400_and_nothing_is_stored()
    {
        await host.StartAsync();
        var (staff, _) = await host.SignInAsNewUserAsync(Roles.Vendor);
        var vendor = await staff.RegisterVendorAsync();
        var before = await host.WithCatalogAsync(db => db.Listings.CountAsync());

        var listing = await staff.PostAsJsonAsync($"{Base}/vendors/{vendor.Id}/listings", ListingApi.Good().With("title", "Bread\u0000Basket"));
        var registered = await staff.PostAsJsonAsync($"{Base}/vendors", SolidarityDirectory.DirectoryApi.VendorBody("Null\u0000Co-op"));
        var anonymous = host.Anonymous();
        var search = await anonymous.GetAsync($"{Base}/listings?q=bread%00");
        var region = await anonymous.GetAsync($"{Base}/listings?region=North%00");

        foreach (var (response, field) in new[] { (listing, "title"), (registered, "name"), (search, "q"), (region, "region") })
        {
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{field}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            Assert.Contains($"\"{field}\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.Equal(before, await host.WithCatalogAsync(db => db.Listings.CountAsync()));
    }
}
