using System.Net;
using Microsoft.EntityFrameworkCore;
using SolidarityMarket.Catalog.Features.Listings;
using SolidarityMarket.Contracts.Catalog;
using SolidarityMarket.ServiceDefaults.Auth;
using static SolidarityMarket.Catalog.Tests.CatalogApi;

namespace SolidarityMarket.Catalog.Tests.Listings;

/// <summary>
/// Creating a listing under an idempotency key (a "new listing" form sent twice, a retry after a timeout): one draft
/// per caller and key, as vendor registration (<c>VendorRegistrationKeyTests</c>); the same key with another body or
/// for another vendor is refused.
/// </summary>
public sealed class ListingCreationKeyTests(CatalogHost host) : IClassFixture<CatalogHost>
{
    private static Dictionary<string, object?> Body(string title, string? key) => ListingApi.Good(title).With("idempotencyKey", key);

    private Task<int> ListingsTitledAsync(Guid vendorId, string title) =>
        host.WithCatalogAsync(db => db.Listings.CountAsync(l => l.VendorId == vendorId && l.Title == title));

    [Fact]
    public async Task The_same_key_and_body_answer_the_first_listing_and_publish_it_once()
    {
        var (staff, _) = await host.SignInAsNewUserAsync(Roles.Vendor);
        var vendor = await staff.RegisterVendorAsync();
        var key = Guid.NewGuid().ToString();

        var first = await staff.CreateListingOkAsync(vendor.Id, Body("Twice sent loaf", key));
        var again = await staff.CreateListingOkAsync(vendor.Id, Body("Twice sent loaf", key));

        Assert.Equal(first.Id, again.Id);
        Assert.Equal(1, await ListingsTitledAsync(vendor.Id, "Twice sent loaf"));
        Assert.Equal(1, await host.OutboxCountAsync<ListingChanged>(first.Id));
    }

    [Fact]
    public async Task A_repeat_after_the_listing_changed_answers_it_as_it_is_now()
    {
        var (staff, _) = await host.SignInAsNewUserAsync(Roles.Vendor);
        var vendor = await staff.RegisterVendorAsync();
        var key = Guid.NewGuid().ToString();
        var first = await staff.CreateListingOkAsync(vendor.Id, Body("Published loaf", key));
        await OkAsync<ListingDto>(await staff.PublishListingAsync(first.Id));

        var again = await staff.CreateListingOkAsync(vendor.Id, Body("Published loaf", key));

        Assert.Equal((first.Id, "Published"), (again.Id, again.Status));
        Assert.Equal(2, await host.OutboxCountAsync<ListingChanged>(first.Id)); // created and published, no more
    }

    [Fact]
    public async Task The_same_key_with_another_body_or_vendor_is_a_conflict_and_creates_nothing()
    {
        var (staff, _) = await host.SignInAsNewUserAsync(Roles.Vendor);
        var vendor = await staff.RegisterVendorAsync();
        var second = await staff.RegisterVendorAsync("Second Bakery");
        var key = Guid.NewGuid().ToString();
        await staff.CreateListingOkAsync(vendor.Id, Body("Original loaf", key));

        var changed = await staff.CreateListingAsync(vendor.Id, Body("Renamed loaf", key));
        var elsewhere = await staff.CreateListingAsync(second.Id, Body("Original loaf", key));

        await AssertProblemAsync(changed, HttpStatusCode.Conflict, "idempotency-key-reused");
        await AssertProblemAsync(elsewhere, HttpStatusCode.Conflict, "idempotency-key-reused");
        Assert.Equal(0, await ListingsTitledAsync(vendor.Id, "Renamed loaf"));
        Assert.Equal(0, await ListingsTitledAsync(second.Id, "Original loaf"));
    }

    [Fact]
    public async Task Keys_are_per_caller_and_leaving_the_key_out_creates_each_time()
    {
        var (staff, _) = await host.SignInAsNewUserAsync(Roles.Vendor);
        var (admin, _) = await host.SignInAsNewUserAsync(Roles.Admin);
        var vendor = await staff.RegisterVendorAsync();
        var key = Guid.NewGuid().ToString();

        var mine = await staff.CreateListingOkAsync(vendor.Id, Body("Shared key loaf", key));
        var theirs = await admin.CreateListingOkAsync(vendor.Id, Body("Shared key loaf", key));
        await staff.CreateListingOkAsync(vendor.Id, Body("Keyless loaf", null));
        await staff.CreateListingOkAsync(vendor.Id, Body("Keyless loaf", null));

        Assert.NotEqual(mine.Id, theirs.Id);
        Assert.Equal(2, await ListingsTitledAsync(vendor.Id, "Shared key loaf"));
        Assert.Equal(2, await ListingsTitledAsync(vendor.Id, "Keyless loaf"));
    }

    [Theory]
    [InlineData("   ")]
    [InlineData("key\0with-nul")]
    [InlineData("k123456789k123456789k123456789k123456789k123456789k123456789k123456789k123456789k123456789k1234567890")]
    public async Task A_blank_nul_or_too_long_key_is_refused(string key)
    {
        var (staff, _) = await host.SignInAsNewUserAsync(Roles.Vendor);
        var vendor = await staff.RegisterVendorAsync();

        var problem = await AssertProblemAsync(await staff.CreateListingAsync(vendor.Id, Body("Bad key loaf", key)), HttpStatusCode.BadRequest);

        Assert.True(problem.GetProperty("errors").TryGetProperty("idempotencyKey", out _), problem.ToString());
        Assert.Equal(0, await ListingsTitledAsync(vendor.Id, "Bad key loaf"));
    }

    [Fact]
    public async Task A_key_of_the_longest_length_is_taken()
    {
        var (staff, _) = await host.SignInAsNewUserAsync(Roles.Vendor);
        var vendor = await staff.RegisterVendorAsync();

        var listing = await staff.CreateListingOkAsync(vendor.Id, Body("Long key loaf", new string('k', 100)));

        Assert.Equal(new string('k', 100), await host.WithCatalogAsync(db => db.Listings.Where(l => l.Id == listing.Id).Select(l => l.CreationKey).SingleAsync()));
    }
}
