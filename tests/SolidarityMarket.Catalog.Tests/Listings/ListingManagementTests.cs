using System.Net;
using System.Net.Http.Json;
using AutoMapper;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SolidarityMarket.Catalog.Features.Listings;
using SolidarityMarket.Catalog.Mapping;
using SolidarityMarket.Contracts.Catalog;
using SolidarityMarket.ServiceDefaults.Auth;
using static SolidarityMarket.Catalog.Tests.CatalogApi;

namespace SolidarityMarket.Catalog.Tests.Listings;

/// <summary>
/// Listings managed by the vendor's staff and administrators: drafts, publishing, archiving, editing; validation;
/// per-object authorization (a refused request changes nothing); price and stock events through the outbox.
/// </summary>
public sealed class ListingManagementTests(CatalogHost host) : IClassFixture<CatalogHost>
{
    [Fact]
    public void The_mapping_configuration_is_valid()
    {
        new MapperConfiguration(cfg => cfg.AddProfile<CatalogMappingProfile>()).AssertConfigurationIsValid();
        host.Services.GetRequiredService<IMapper>().ConfigurationProvider.AssertConfigurationIsValid();
    }

    [Fact]
    public async Task A_draft_is_seen_by_its_staff_only_until_it_is_published_and_archiving_hides_it_again()
    {
        var (staff, _) = await host.SignInAsNewUserAsync(Roles.Vendor);
        var (other, _) = await host.SignInAsNewUserAsync(Roles.Member);
        var (admin, _) = await host.SignInAsNewUserAsync(Roles.Admin);
        var vendor = await staff.RegisterVendorAsync();

        var draft = await staff.CreateListingOkAsync(vendor.Id);
        Assert.Equal(("Draft", "Good", 10, (int?)null, 650L, 600L), (draft.Status, draft.Kind, draft.Stock, draft.Capacity, draft.PriceCents, draft.PriceCredits));
        Assert.Equal(("bakery", "loaf"), (draft.Category, draft.Unit));
        await AssertProblemAsync(await host.Anonymous().GetListingAsync(draft.Id), HttpStatusCode.NotFound);
        await AssertProblemAsync(await other.GetListingAsync(draft.Id), HttpStatusCode.NotFound);
        Assert.Equal("Draft", (await OkAsync<ListingDto>(await staff.GetListingAsync(draft.Id))).Status);
        Assert.Equal("Draft", (await OkAsync<ListingDto>(await admin.GetListingAsync(draft.Id))).Status);

        Assert.Equal("Published", (await OkAsync<ListingDto>(await staff.PublishListingAsync(draft.Id))).Status);
        Assert.Equal("Published", (await OkAsync<ListingDto>(await staff.PublishListingAsync(draft.Id))).Status);
        var shown = await OkAsync<ListingDto>(await host.Anonymous().GetListingAsync(draft.Id));
        Assert.Equal((draft.Title, vendor.Id), (shown.Title, shown.VendorId));
        var browse = await host.Anonymous().GetStringAsync($"{Base}/listings?pageSize=100");
        Assert.Contains(draft.Id.ToString(), browse);

        Assert.Equal("Archived", (await OkAsync<ListingDto>(await admin.ArchiveListingAsync(draft.Id))).Status);
        await AssertProblemAsync(await host.Anonymous().GetListingAsync(draft.Id), HttpStatusCode.NotFound);
        Assert.Equal("Archived", (await OkAsync<ListingDto>(await staff.GetListingAsync(draft.Id))).Status);
        await AssertProblemAsync(await host.Anonymous().GetListingAsync(Guid.NewGuid()), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Services_have_an_optional_capacity_and_staff_edit_their_listings()
    {
        var (staff, _) = await host.SignInAsNewUserAsync(Roles.Vendor);
        var vendor = await staff.RegisterVendorAsync();

        var unlimited = await staff.CreateListingOkAsync(vendor.Id, ListingApi.Service());
        Assert.Equal(("Service", (int?)null, (int?)null, (long?)null, 2500L), (unlimited.Kind, unlimited.Stock, unlimited.Capacity, unlimited.PriceCents, unlimited.PriceCredits));
        var limited = await staff.CreateListingOkAsync(vendor.Id, ListingApi.Service(capacity: 4));
        Assert.Equal(((int?)null, 4), (limited.Stock, limited.Capacity));

        var edited = await OkAsync<ListingDto>(await staff.UpdateListingAsync(limited.Id, ListingApi.Service(capacity: 6).With("title", "Bike repair, 90 minutes")));
        Assert.Equal(("Bike repair, 90 minutes", (int?)6), (edited.Title, edited.Capacity));
        Assert.Equal(edited, await OkAsync<ListingDto>(await staff.GetListingAsync(limited.Id)));
    }

    [Fact]
    public async Task Markup_is_stored_as_text_and_returned_as_json_text()
    {
        var (staff, _) = await host.SignInAsNewUserAsync(Roles.Vendor);
        var vendor = await staff.RegisterVendorAsync();
        const string title = "<script>alert('x')</script> Bread";
        const string description = "<b>bold</b> & <img src=x onerror=alert(1)>";

        var listing = await staff.CreateListingOkAsync(vendor.Id, ListingApi.Good(title).With("description", description));
        await staff.PublishListingAsync(listing.Id);
        var response = await host.Anonymous().GetListingAsync(listing.Id);
        var raw = await response.Content.ReadAsStringAsync();

        // The markup travels as the value of a JSON string in an application/json body, never as HTML, and the API
        // escapes HTML-significant characters, so even a page that pastes the body raw cannot run it.
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("<script>", raw, StringComparison.Ordinal);
        Assert.Contains("\\u003Cscript\\u003E", raw, StringComparison.Ordinal);
        using (var json = System.Text.Json.JsonDocument.Parse(raw))
        {
            Assert.Equal(System.Text.Json.JsonValueKind.String, json.RootElement.GetProperty("title").ValueKind);
            Assert.Equal(title, json.RootElement.GetProperty("title").GetString());
            Assert.Equal(description, json.RootElement.GetProperty("description").GetString());
        }

        var read = (await response.Content.ReadFromJsonAsync<ListingDto>())!;
        Assert.Equal((title, description), (read.Title, read.Description));
        Assert.Equal((title, description), await host.WithCatalogAsync(db => db.Listings.AsNoTracking().Where(l => l.Id == listing.Id).Select(l => ValueTuple.Create(l.Title, l.Description)).SingleAsync()));
    }

    public static TheoryData<string, string, object?> BadFields => new()
    {
        { "title", "title", null },
        { "title", "title", "   " },
        { "title", "title", new string('t', 201) },
        { "description", "description", new string('d', 4001) },
        { "kind", "kind", "Gift" },
        { "kind", "kind", null },
        { "kind", "kind", "7" },
        { "sector", "sector", "weapons" },
        { "sector", "sector", null },
        { "category", "category", "weapons" },
        { "category", "category", null },
        { "category", "category", "training" },
        { "unit", "unit", null },
        { "unit", "unit", " " },
        { "unit", "unit", new string('u', 21) },
        { "priceCents", "priceCents", -1L },
        { "priceCents", "priceCents", 0L },
        { "priceCents", "priceCents", 100_000_001L },
        { "priceCredits", "priceCredits", -5L },
        { "priceCredits", "priceCredits", 100_000_001L },
        { "stock", "stock", -1 },
        { "stock", "stock", null },
        { "stock", "stock", ListingRequest.MaxStock + 1 },
        { "capacity", "capacity", 3 },
    };

    [Theory]
    [MemberData(nameof(BadFields))]
    public async Task Bad_input_is_a_400_naming_the_field_and_changes_nothing(string field, string errorField, object? value)
    {
        var (staff, _) = await host.SignInAsNewUserAsync(Roles.Vendor);
        var vendor = await staff.RegisterVendorAsync();
        var existing = await staff.CreateListingOkAsync(vendor.Id);
        var before = await SnapshotAsync(vendor.Id);

        var body = ListingApi.Good().With(field, value);
        var problem = await AssertProblemAsync(await staff.CreateListingAsync(vendor.Id, body), HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(errorField, out _), problem.ToString());
        problem = await AssertProblemAsync(await staff.UpdateListingAsync(existing.Id, body), HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(errorField, out _), problem.ToString());
        Assert.Equal(before, await SnapshotAsync(vendor.Id));
    }

    [Fact]
    public async Task A_listing_needs_a_price_and_a_service_has_no_stock()
    {
        var (staff, _) = await host.SignInAsNewUserAsync(Roles.Vendor);
        var vendor = await staff.RegisterVendorAsync();

        var problem = await AssertProblemAsync(await staff.CreateListingAsync(vendor.Id, ListingApi.Good(priceCents: null, priceCredits: null)), HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("price", out _));
        problem = await AssertProblemAsync(await staff.CreateListingAsync(vendor.Id, ListingApi.Service().With("stock", 3)), HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("stock", out _));
        await AssertProblemAsync(await staff.CreateListingAsync(vendor.Id, ListingApi.Service(capacity: -1)), HttpStatusCode.BadRequest);
        await AssertProblemAsync(await staff.CreateListingAsync(vendor.Id, ListingApi.Service(capacity: ListingRequest.MaxStock + 1)), HttpStatusCode.BadRequest);
        Assert.Equal(0, await host.WithCatalogAsync(db => db.Listings.CountAsync(l => l.VendorId == vendor.Id)));

        // Either price alone is enough.
        await staff.CreateListingOkAsync(vendor.Id, ListingApi.Good(priceCents: null));
        await staff.CreateListingOkAsync(vendor.Id, ListingApi.Good(priceCredits: null));
    }

    [Fact]
    public async Task Another_vendors_staff_and_members_cannot_manage_a_listing_and_nothing_changes()
    {
        var (staff, _) = await host.SignInAsNewUserAsync(Roles.Vendor);
        var (otherStaff, _) = await host.SignInAsNewUserAsync(Roles.Vendor);
        var (member, _) = await host.SignInAsNewUserAsync(Roles.Member);
        var (admin, _) = await host.SignInAsNewUserAsync(Roles.Admin);
        var vendor = await staff.RegisterVendorAsync();
        await otherStaff.RegisterVendorAsync("Other Co-op");
        var listing = await staff.CreateListingOkAsync(vendor.Id);
        var before = await SnapshotAsync(vendor.Id);

        foreach (var intruder in new[] { otherStaff, member })
        {
            await AssertProblemAsync(await intruder.CreateListingAsync(vendor.Id, ListingApi.Good()), HttpStatusCode.Forbidden);
            await AssertProblemAsync(await intruder.UpdateListingAsync(listing.Id, ListingApi.Good(priceCents: 1, stock: 0)), HttpStatusCode.Forbidden);
            await AssertProblemAsync(await intruder.PublishListingAsync(listing.Id), HttpStatusCode.Forbidden);
            await AssertProblemAsync(await intruder.ArchiveListingAsync(listing.Id), HttpStatusCode.Forbidden);
        }

        var anonymous = host.Anonymous();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.CreateListingAsync(vendor.Id, ListingApi.Good())).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.UpdateListingAsync(listing.Id, ListingApi.Good())).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PublishListingAsync(listing.Id)).StatusCode);
        await AssertProblemAsync(await staff.CreateListingAsync(Guid.NewGuid(), ListingApi.Good()), HttpStatusCode.NotFound);
        await AssertProblemAsync(await staff.UpdateListingAsync(Guid.NewGuid(), ListingApi.Good()), HttpStatusCode.NotFound);
        Assert.Equal(before, await SnapshotAsync(vendor.Id));

        // Administrators manage any vendor's listings.
        await admin.CreateListingOkAsync(vendor.Id);
        Assert.Equal(7L, (await OkAsync<ListingDto>(await admin.UpdateListingAsync(listing.Id, ListingApi.Good(priceCents: 7)))).PriceCents);
    }

    [Fact]
    public async Task Price_and_stock_changes_publish_events_through_the_outbox()
    {
        var (staff, _) = await host.SignInAsNewUserAsync(Roles.Vendor);
        var vendor = await staff.RegisterVendorAsync();
        var listing = await staff.CreateListingOkAsync(vendor.Id, ListingApi.Good(priceCents: 650, priceCredits: 600, stock: 10));
        Assert.Equal(0, await host.OutboxCountAsync<ListingPriceChanged>(listing.Id));
        Assert.Equal(0, await host.OutboxCountAsync<ListingStockChanged>(listing.Id));

        await OkAsync<ListingDto>(await staff.UpdateListingAsync(listing.Id, ListingApi.Good("Rye loaf", priceCents: 650, priceCredits: 600, stock: 10)));
        Assert.Equal(0, await host.OutboxCountAsync<ListingPriceChanged>(listing.Id));
        Assert.Equal(0, await host.OutboxCountAsync<ListingStockChanged>(listing.Id));

        await OkAsync<ListingDto>(await staff.UpdateListingAsync(listing.Id, ListingApi.Good(priceCents: 700, priceCredits: null, stock: 10)));
        Assert.Equal(1, await host.OutboxCountAsync<ListingPriceChanged>(listing.Id));
        Assert.Equal(0, await host.OutboxCountAsync<ListingStockChanged>(listing.Id));

        await OkAsync<ListingDto>(await staff.UpdateListingAsync(listing.Id, ListingApi.Good(priceCents: 700, priceCredits: null, stock: 3)));
        Assert.Equal(1, await host.OutboxCountAsync<ListingPriceChanged>(listing.Id));
        Assert.Equal(1, await host.OutboxCountAsync<ListingStockChanged>(listing.Id));

        var bodies = await host.WithCatalogAsync(db => db.OutboxMessages.AsNoTracking()
            .Where(m => m.Body.Contains(listing.Id.ToString())).OrderBy(m => m.Id).Select(m => m.Body).ToListAsync());
        Assert.Contains(bodies, b => b.Contains("700", StringComparison.Ordinal) && b.Contains(vendor.Id.ToString(), StringComparison.Ordinal));
    }

    private Task<string> SnapshotAsync(Guid vendorId) => host.WithCatalogAsync(async db =>
    {
        var listings = await db.Listings.AsNoTracking().Where(l => l.VendorId == vendorId).OrderBy(l => l.Id)
            .Select(l => $"{l.Id} {l.Title} {l.Description.Length} {l.Kind} {l.Sector} {l.PriceCents} {l.PriceCredits} {l.Stock} {l.Status} {l.Version}")
            .ToListAsync();
        var outbox = await db.OutboxMessages.AsNoTracking().CountAsync();
        return $"{string.Join('\n', listings)}\noutbox={outbox}";
    });
}
