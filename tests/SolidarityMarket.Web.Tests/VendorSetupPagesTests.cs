using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SolidarityMarket.Ordering.Data;
using SolidarityMarket.Testing;
using static Microsoft.Playwright.Assertions;

namespace SolidarityMarket.Web.Tests;

/// <summary>
/// A member registers a co-op as a vendor (<c>/me/vendors/new</c>) and its staff set up card payments
/// (<c>/me/vendors/{id}/payments</c>, simulated: no provider configured), in Chromium with JavaScript off. What the
/// pages did is checked through the APIs: the Catalog's vendor and staff, the Ledger's account, Ordering's options.
/// </summary>
public sealed class VendorSetupPagesTests(VendorSetupWorld world) : IClassFixture<VendorSetupWorld>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    private static readonly Regex VendorPage = new(@"/me/vendors/([0-9a-f-]{36})$");

    [Fact]
    public async Task A_member_registers_a_coop_and_becomes_its_staff_with_a_ledger_account()
    {
        var (email, _) = await world.Factory.CreateUserAsync();
        var page = await world.SignedInPageAsync(email, "/me/vendors");
        await page.GetByRole(AriaRole.Link, new() { Name = "Register a vendor" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/me/vendors/new$"));

        await FillAsync(page, "Tenants' Repair Collective", "housing", latitude: "48.8566", longitude: "2.3522");
        await page.GetByLabel("Membership category").SelectOptionAsync("NetworkOrAssociation");
        await page.GetByRole(AriaRole.Button, new() { Name = "Register the vendor" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(VendorPage);
        var vendorId = Guid.Parse(VendorPage.Match(page.Url).Groups[1].Value);
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("“Tenants' Repair Collective” is registered and you are its staff.");
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("set up card payments");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Card payments" })).ToHaveAttributeAsync("href", $"/me/vendors/{vendorId}/payments");

        // Listed among the member's own vendors: they are its staff.
        var vendor = Assert.Single(await world.MyVendorsAsync(email), v => v.GetProperty("id").GetGuid() == vendorId);
        Assert.Equal(("Tenants' Repair Collective", "housing", "Paris", "NetworkOrAssociation"),
            (vendor.GetProperty("name").GetString(), vendor.GetProperty("sector").GetString(), vendor.GetProperty("region").GetString(), vendor.GetProperty("category").GetString()));
        Assert.Equal((48.8566, 2.3522), (vendor.GetProperty("latitude").GetDouble(), vendor.GetProperty("longitude").GetDouble()));
        await Eventually.TrueAsync(
            async () => (await world.AccountsOfAsync(vendorId)).Any(a => a.GetProperty("exchangeId").GetString() == "housing"),
            Wait, $"the ledger to open vendor {vendorId}'s account in housing");
    }

    [Fact]
    public async Task A_form_the_catalog_refuses_shows_its_messages_keeps_the_values_and_registers_nothing()
    {
        var (email, _) = await world.Factory.CreateUserAsync();
        var page = await world.SignedInPageAsync(email, "/me/vendors/new");
        await FillAsync(page, "", "food", latitude: "95", longitude: "10");

        var refused = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Register the vendor" }).ClickAsync(), r => r.Request.Method == "POST");

        Assert.Equal(400, refused.Status);
        var alert = page.GetByRole(AriaRole.Alert);
        await Expect(alert).ToContainTextAsync("name is required.");
        await Expect(alert).ToContainTextAsync("latitude must be a number from -90 to 90.");
        await Expect(page.GetByLabel("Region")).ToHaveValueAsync("Paris");
        await Expect(page.GetByLabel("Latitude in degrees")).ToHaveValueAsync("95");
        await Expect(page.GetByLabel("Sector", new() { Exact = false })).ToHaveValueAsync("food");

        // Coordinates that are not numbers cannot be sent at all: the page says so itself.
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Comma Coordinates Co-op");
        await page.GetByLabel("Latitude in degrees").FillAsync("48,85");
        var unsent = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Register the vendor" }).ClickAsync(), r => r.Request.Method == "POST");

        Assert.Equal(400, unsent.Status);
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("The latitude must be a number of degrees");
        Assert.Empty(await world.MyVendorsAsync(email));
    }

    [Fact]
    public async Task The_same_form_sent_twice_registers_one_vendor()
    {
        var (email, _) = await world.Factory.CreateUserAsync();
        var page = await world.SignedInPageAsync(email, "/me/vendors/new");
        await FillAsync(page, "Double Click Bakers", "food");
        Assert.False(string.IsNullOrEmpty(await page.Locator("input[type=hidden][name='Form.Key']").InputValueAsync()));

        var sent = await page.RunAndWaitForRequestAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Register the vendor" }).ClickAsync(), r => r.Method == "POST");
        await Expect(page).ToHaveURLAsync(VendorPage);
        var vendorId = Guid.Parse(VendorPage.Match(page.Url).Groups[1].Value);

        // The same POST again, as a second click or a resent form would send it: same key, same antiforgery token.
        var again = await page.APIRequest.PostAsync(new Uri(world.Address, "me/vendors/new").AbsoluteUri, new()
        {
            Headers = new Dictionary<string, string> { ["Content-Type"] = "application/x-www-form-urlencoded" },
            Data = sent.PostData,
            MaxRedirects = 0,
        });

        Assert.Equal(302, again.Status);
        Assert.EndsWith($"/me/vendors/{vendorId}", again.Headers["location"], StringComparison.Ordinal);
        var mine = await world.MyVendorsAsync(email);
        Assert.Equal(vendorId, Assert.Single(mine).GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task Staff_set_up_simulated_card_payments_and_ordering_then_has_charges_enabled()
    {
        var staff = await world.NewVendorStaffAsync("Card Ready Roasters");
        await Eventually.TrueAsync(async () => await world.PaymentOptionsAsync(staff.VendorId) is not null, Wait, "Ordering's copy of the vendor");
        Assert.False((await world.PaymentOptionsAsync(staff.VendorId))!.Value.GetProperty("chargesEnabled").GetBoolean());

        var page = await world.SignedInPageAsync(staff.Email, "/me/vendors");
        await page.Locator($"tr[data-vendor='{staff.VendorId}']").GetByRole(AriaRole.Link, new() { Name = "Card payments" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"/me/vendors/{staff.VendorId}/payments$"));
        await Expect(page.Locator("[data-charges-enabled]")).ToHaveAttributeAsync("data-charges-enabled", "false");
        await Expect(page.Locator("[data-accepts-card]")).ToContainTextAsync("Buyers cannot pay this vendor by card yet.");
        await Expect(page.Locator("[data-simulated]")).ToHaveCountAsync(0);

        await page.GetByRole(AriaRole.Button, new() { Name = "Set up card payments" }).ClickAsync();

        // Simulated onboarding returns at once to the configured return URL, naming the vendor and the account.
        await Expect(page).ToHaveURLAsync(new Regex($"/me/vendors/{staff.VendorId}/payments\\?simulated_account=sim_acct_"));
        await Expect(page.Locator("[data-simulated]")).ToContainTextAsync("SIMULATED");
        await Expect(page.Locator("[data-charges-enabled]")).ToHaveAttributeAsync("data-charges-enabled", "true");
        await Expect(page.Locator("[data-charges-enabled]")).ToContainTextAsync("can take charges");
        var after = (await world.PaymentOptionsAsync(staff.VendorId))!.Value;
        Assert.True(after.GetProperty("chargesEnabled").GetBoolean());
        Assert.False(after.GetProperty("acceptsCard").GetBoolean()); // not certified yet
        Assert.NotNull(await StripeAccountAsync(staff.VendorId));

        // An expired link brings the vendor back with ?refresh=1: the page says so and offers the button again.
        await page.GotoAsync($"/me/vendors/{staff.VendorId}/payments?refresh=1");
        await Expect(page.Locator("[data-refresh]")).ToContainTextAsync("expired");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Set up card payments" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task A_member_who_is_not_staff_is_refused_and_no_account_is_made()
    {
        var staff = await world.NewVendorStaffAsync("Guarded Weavers");
        await Eventually.TrueAsync(async () => await world.PaymentOptionsAsync(staff.VendorId) is not null, Wait, "Ordering's copy of the vendor");
        var (email, _) = await world.Factory.CreateUserAsync();
        var page = await world.SignedInPageAsync(email, "/me/vendors/new");
        var token = await page.Locator("#main input[name='__RequestVerificationToken']").InputValueAsync();

        var shown = await page.GotoAsync($"/me/vendors/{staff.VendorId}/payments");

        Assert.Equal(404, shown!.Status);
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("There is no vendor of yours at this address.");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Set up card payments" })).ToHaveCountAsync(0);

        var sent = await page.APIRequest.PostAsync(new Uri(world.Address, $"me/vendors/{staff.VendorId}/payments?handler=SetUp").AbsoluteUri, new()
        {
            Form = page.APIRequest.CreateFormData().Set("__RequestVerificationToken", token),
            MaxRedirects = 0,
        });

        Assert.Equal(404, sent.Status);
        Assert.False((await world.PaymentOptionsAsync(staff.VendorId))!.Value.GetProperty("chargesEnabled").GetBoolean());
        Assert.Null(await StripeAccountAsync(staff.VendorId));
    }

    private static async Task FillAsync(IPage page, string name, string sector, string latitude = "", string longitude = "")
    {
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync(name);
        await page.GetByLabel("Description").FillAsync($"{name}, run by its members.");
        await page.GetByLabel("Sector", new() { Exact = false }).SelectOptionAsync(sector);
        await page.GetByLabel("Region").FillAsync("Paris");
        await page.GetByLabel("Website (optional)").FillAsync("https://example.coop");
        await page.GetByLabel("City").FillAsync("Paris");
        await page.GetByLabel("Latitude in degrees").FillAsync(latitude);
        await page.GetByLabel("Longitude in degrees").FillAsync(longitude);
    }

    /// <summary>The card-payment account Ordering recorded for the vendor, if any (read from its store: the API does not show it).</summary>
    private async Task<string?> StripeAccountAsync(Guid vendorId)
    {
        await using var scope = world.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OrderingDbContext>();
        return await db.Vendors.AsNoTracking().Where(v => v.VendorId == vendorId).Select(v => v.StripeAccountId).SingleAsync();
    }
}
