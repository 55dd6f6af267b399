using System.Net;
using SolidarityMarket.Catalog.Features;
using SolidarityMarket.Catalog.Features.Listings;
using SolidarityMarket.ServiceDefaults.Auth;
using static SolidarityMarket.Catalog.Tests.CatalogApi;

namespace SolidarityMarket.Catalog.Tests.Listings;

/// <summary>
/// What a vendor's staff read to manage it: the vendors they are staff of (<c>GET /my/vendors</c>) and a vendor's
/// listings in every status (<c>GET /vendors/{id}/listings</c>), which nobody but its staff and administrators see.
/// </summary>
public sealed class VendorStaffListsTests(CatalogHost host) : IClassFixture<CatalogHost>
{
    [Fact]
    public async Task A_user_sees_the_vendors_they_are_staff_of_and_no_others()
    {
        var (staff, _) = await host.SignInAsNewUserAsync(Roles.Vendor);
        var (other, _) = await host.SignInAsNewUserAsync(Roles.Vendor);
        var (admin, _) = await host.SignInAsNewUserAsync(Roles.Admin);
        var (nobody, _) = await host.SignInAsNewUserAsync(Roles.Member);
        var orchard = await staff.RegisterVendorAsync("Orchard Co-op");
        var bakery = await staff.RegisterVendorAsync("Bakery Co-op");
        var strangers = await other.RegisterVendorAsync("Strangers' Co-op");

        var mine = await OkAsync<List<VendorDto>>(await staff.GetAsync($"{Base}/my/vendors"));
        Assert.Equal([bakery.Id, orchard.Id], mine.Select(v => v.Id));
        Assert.Equal([strangers.Id], (await OkAsync<List<VendorDto>>(await other.GetAsync($"{Base}/my/vendors"))).Select(v => v.Id));
        // An administrator manages every vendor, but "my vendors" are only those naming them as staff.
        Assert.Empty(await OkAsync<List<VendorDto>>(await admin.GetAsync($"{Base}/my/vendors")));
        Assert.Empty(await OkAsync<List<VendorDto>>(await nobody.GetAsync($"{Base}/my/vendors")));
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.Anonymous().GetAsync($"{Base}/my/vendors")).StatusCode);
    }

    [Fact]
    public async Task Staff_and_administrators_see_every_listing_of_the_vendor_in_every_status()
    {
        var (staff, _) = await host.SignInAsNewUserAsync(Roles.Vendor);
        var (admin, _) = await host.SignInAsNewUserAsync(Roles.Admin);
        var vendor = await staff.RegisterVendorAsync();
        // A second between them, so "newest first" has one answer (the host's clock stands still otherwise).
        var draft = await staff.CreateListingOkAsync(vendor.Id, ListingApi.Good("Rye loaf"));
        host.Clock.Advance(TimeSpan.FromSeconds(1));
        var published = await staff.PublishedGoodAsync(vendor.Id, stock: 3);
        host.Clock.Advance(TimeSpan.FromSeconds(1));
        var archived = await staff.CreateListingOkAsync(vendor.Id, ListingApi.Good("Old loaf"));
        await OkAsync<ListingDto>(await staff.ArchiveListingAsync(archived.Id));

        var all = await staff.GetAsync($"{Base}/vendors/{vendor.Id}/listings");
        Assert.Equal("3", all.Headers.GetValues(ListVendorListings.TotalCountHeader).Single());
        var listed = await OkAsync<List<ListingDto>>(all);
        Assert.Equal([(archived.Id, "Archived"), (published.Id, "Published"), (draft.Id, "Draft")], listed.Select(l => (l.Id, l.Status)));
        Assert.Equal(listed, await OkAsync<List<ListingDto>>(await admin.GetAsync($"{Base}/vendors/{vendor.Id}/listings")));

        var drafts = await OkAsync<List<ListingDto>>(await staff.GetAsync($"{Base}/vendors/{vendor.Id}/listings?status=draft"));
        Assert.Equal([draft.Id], drafts.Select(l => l.Id));
        var second = await OkAsync<List<ListingDto>>(await staff.GetAsync($"{Base}/vendors/{vendor.Id}/listings?pageSize=2&page=2"));
        Assert.Equal([draft.Id], second.Select(l => l.Id));
        Assert.Empty(await OkAsync<List<ListingDto>>(await staff.GetAsync($"{Base}/vendors/{vendor.Id}/listings?pageSize=2&page={int.MaxValue}")));
    }

    [Fact]
    public async Task Another_vendors_staff_and_strangers_get_404_and_see_nothing()
    {
        var (staff, _) = await host.SignInAsNewUserAsync(Roles.Vendor);
        var (other, _) = await host.SignInAsNewUserAsync(Roles.Vendor);
        var (member, _) = await host.SignInAsNewUserAsync(Roles.Member);
        var vendor = await staff.RegisterVendorAsync();
        await other.RegisterVendorAsync("Strangers' Co-op");
        var draft = await staff.CreateListingOkAsync(vendor.Id, ListingApi.Good("Secret recipe loaf"));

        foreach (var client in (HttpClient[])[other, member])
        {
            var refused = await client.GetAsync($"{Base}/vendors/{vendor.Id}/listings");
            var text = (await AssertProblemAsync(refused, HttpStatusCode.NotFound)).ToString();
            Assert.DoesNotContain(draft.Id.ToString(), text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("Secret recipe", text, StringComparison.Ordinal);
            Assert.False(refused.Headers.Contains(ListVendorListings.TotalCountHeader));
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await host.Anonymous().GetAsync($"{Base}/vendors/{vendor.Id}/listings")).StatusCode);
        var (admin, _) = await host.SignInAsNewUserAsync(Roles.Admin);
        await AssertProblemAsync(await admin.GetAsync($"{Base}/vendors/{Guid.NewGuid()}/listings"), HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("status=Sold")]
    [InlineData("page=0")]
    [InlineData("pageSize=0")]
    [InlineData("pageSize=201")]
    public async Task Bad_paging_or_status_is_400(string query)
    {
        var (staff, _) = await host.SignInAsNewUserAsync(Roles.Vendor);
        var vendor = await staff.RegisterVendorAsync();
        await AssertProblemAsync(await staff.GetAsync($"{Base}/vendors/{vendor.Id}/listings?{query}"), HttpStatusCode.BadRequest);
    }
}
