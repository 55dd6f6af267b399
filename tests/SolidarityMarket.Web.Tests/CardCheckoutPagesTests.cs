using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SolidarityMarket.Ordering.Data;
using SolidarityMarket.Testing;
using static Microsoft.Playwright.Assertions;

namespace SolidarityMarket.Web.Tests;

/// <summary>
/// Buying by card in Chromium with JavaScript off, through the SIMULATED card gateway (the embedded default: no card
/// processor here, so no card number is asked for and no money moves): the cart's card checkout, the checkout page
/// waiting for the stock, then paying or declining. Ordering's and Catalog's side is checked through their APIs.
/// </summary>
public sealed partial class CardCheckoutPagesTests(MarketWorld world)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Card_lines_below_the_processors_smallest_charge_are_not_offered_for_card_payment_until_they_reach_it()
    {
        var (staff, listing) = await CardVendorWithGoodAsync("Sticker", cents: 30);
        using var staffApi = staff.Api;
        var buyer = await world.NewMemberAsync();
        var page = await world.NewPageAsync();
        await MemberPages.GoAndSignInAsync(page, buyer.Email);
        await MemberPages.AddToCartAsync(page, listing, "1");

        await Expect(page.Locator("[data-field=card-below-minimum]")).ToContainTextAsync("at least $0.50, and what can be paid by card here comes to $0.30");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Order and pay by card" })).ToHaveCountAsync(0);

        await MemberPages.AddToCartAsync(page, listing, "2");
        await Expect(page.Locator("[data-field=card-total]")).ToHaveTextAsync("$0.60");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Order and pay by card" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task A_buyer_orders_by_card_pays_once_through_the_simulated_gateway_and_the_stock_is_taken_once()
    {
        var (staff, listing) = await CardVendorWithGoodAsync("Apple crate", cents: 1250);
        using var staffApi = staff.Api;
        var buyer = await world.NewMemberAsync();
        var page = await world.NewPageAsync();
        await MemberPages.GoAndSignInAsync(page, buyer.Email);
        await MemberPages.AddToCartAsync(page, listing, "2");

        await Expect(page.Locator("[data-field=card-total]")).ToHaveTextAsync("$25.00");
        var order = page.Locator("form[action*='handler=Card']");
        var ordered = page.Context.APIRequest.CreateFormData();
        foreach (var field in (string[])["__RequestVerificationToken", "CheckoutKey", "Lines[0].ListingId", "Lines[0].VendorId", "Lines[0].Quantity", "Lines[0].UnitPrice"])
        {
            ordered.Set(field, await order.Locator($"[name='{field}']").InputValueAsync());
        }

        await page.GetByRole(AriaRole.Button, new() { Name = "Order and pay by card" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(CheckoutPage());
        var checkoutId = Guid.Parse(CheckoutPage().Match(page.Url).Groups[1].Value);
        // The order form again (a double click): its lines have left the cart, so it orders nothing, and the payment
        // is found from the orders page.
        var twice = await page.Context.APIRequest.PostAsync("/me/cart?handler=Card", new() { Form = ordered, MaxRedirects = 0 });
        Assert.Equal(409, twice.Status);
        await page.GotoAsync("/me/orders");
        await page.GetByRole(AriaRole.Link, new() { Name = "Pay by card, or see the card payment" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"/me/checkouts/{checkoutId}$"));
        await Expect(page.Locator("section[data-stage]")).ToHaveAttributeAsync("data-stage", "ToPay", new() { Timeout = 60_000 });
        await Expect(page.Locator("main")).ToContainTextAsync("SIMULATED card payment");
        var pay = page.Locator("form:has(button:text('(simulated)'))").First;
        var sent = page.Context.APIRequest.CreateFormData();
        foreach (var field in (string[])["__RequestVerificationToken", "succeed"])
        {
            sent.Set(field, await pay.Locator($"[name='{field}']").InputValueAsync());
        }

        await page.GetByRole(AriaRole.Button, new() { Name = "Pay $25.00 (simulated)" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("The simulated card payment was approved. No money moved.");
        await Expect(page.Locator("section[data-stage]")).ToHaveAttributeAsync("data-stage", "Paid");
        await Expect(page.Locator("[data-field=amount]")).ToHaveTextAsync("$25.00");
        // The same form again (a double click): the payment was made once; the page shows it paid.
        var again = await page.Context.APIRequest.PostAsync($"/me/checkouts/{checkoutId}?handler=Simulated", new() { Form = sent, MaxRedirects = 0 });
        Assert.Equal(302, again.Status);

        var checkout = await CheckoutAsync(buyer.Email, checkoutId);
        Assert.Equal(("Succeeded", 2500L), (checkout.GetProperty("card").GetProperty("status").GetString(), checkout.GetProperty("card").GetProperty("amountCents").GetInt64()));
        await Eventually.TrueAsync(async () => (await CheckoutAsync(buyer.Email, checkoutId)).GetProperty("orders")[0].GetProperty("status").GetString() == "Paid", Wait, "the order Paid");
        Assert.Equal(3, (await world.ListingAsync(listing)).GetProperty("stock").GetInt32());
        await page.GotoAsync("/me/cart");
        await Expect(page.Locator("main")).ToContainTextAsync("Your cart is empty.");
    }

    [Fact]
    public async Task A_declined_payment_can_be_paid_again_and_another_member_can_neither_see_nor_pay_it()
    {
        var (staff, listing) = await CardVendorWithGoodAsync("Pear crate", cents: 900);
        using var staffApi = staff.Api;
        var buyer = await world.NewMemberAsync();
        var stranger = await world.NewMemberAsync();
        var page = await world.NewPageAsync();
        await MemberPages.GoAndSignInAsync(page, buyer.Email);
        await MemberPages.AddToCartAsync(page, listing, "1");
        await page.GetByRole(AriaRole.Button, new() { Name = "Order and pay by card" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(CheckoutPage());
        var checkoutId = Guid.Parse(CheckoutPage().Match(page.Url).Groups[1].Value);
        await Expect(page.Locator("section[data-stage]")).ToHaveAttributeAsync("data-stage", "ToPay", new() { Timeout = 60_000 });

        await page.GetByRole(AriaRole.Button, new() { Name = "Decline (simulated)" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("The simulated card payment was declined. You can try again.");
        await Expect(page.Locator("section[data-stage]")).ToHaveAttributeAsync("data-stage", "ToPay");
        await Expect(page.Locator("section[data-stage] .alert[role=alert]")).ToContainTextAsync("The last attempt was refused");

        var other = await world.NewPageAsync();
        await MemberPages.GoAndSignInAsync(other, stranger.Email);
        var seen = await other.GotoAsync($"/me/checkouts/{checkoutId}");
        Assert.Equal(404, seen!.Status);
        await Expect(other.GetByRole(AriaRole.Alert)).ToHaveTextAsync("There is no checkout of yours at this address.");
        await other.GotoAsync("/me/cart");
        var forged = other.Context.APIRequest.CreateFormData();
        forged.Set("__RequestVerificationToken", await other.Locator("input[name=__RequestVerificationToken]").First.InputValueAsync());
        forged.Set("succeed", "true");
        var refused = await other.Context.APIRequest.PostAsync($"/me/checkouts/{checkoutId}?handler=Simulated", new() { Form = forged, MaxRedirects = 0 });
        Assert.Equal(404, refused.Status);
        Assert.NotEqual("Succeeded", (await CheckoutAsync(buyer.Email, checkoutId)).GetProperty("card").GetProperty("status").GetString());

        await page.GetByRole(AriaRole.Button, new() { Name = "Pay $9.00 (simulated)" }).ClickAsync();
        await Expect(page.Locator("section[data-stage]")).ToHaveAttributeAsync("data-stage", "Paid");
    }

    [Fact]
    public async Task A_vendor_without_a_card_account_is_not_offered_for_card_payment()
    {
        var spelt = world.Listings["Spelt sourdough loaf"]; // certified bakery, card price only, no card account
        var buyer = await world.NewMemberAsync();
        var page = await world.NewPageAsync();
        await MemberPages.GoAndSignInAsync(page, buyer.Email);

        await MemberPages.AddToCartAsync(page, spelt, "1");

        await Expect(page.Locator($"tr[data-listing='{spelt}']")).ToContainTextAsync("Sold for card payment only, which this vendor cannot take now.");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Order and pay by card" })).ToHaveCountAsync(0);
        await Expect(page.Locator("main")).ToContainTextAsync("Nothing in your cart can be paid by card now");
    }

    /// <summary>A new co-op with the label and a (simulated) card account, and one published good sold by card only.</summary>
    private async Task<(VendorStaff Staff, Guid Listing)> CardVendorWithGoodAsync(string title, long cents)
    {
        var staff = await world.NewVendorStaffAsync($"Orchard {Guid.NewGuid():N}");
        using (var admin = await world.AdminAsync())
        {
            await MarketWorld.CertifyAsync(staff.Api, admin, staff.VendorId);
        }

        // Ordering learns of the vendor from Catalog's event before it can open the vendor's card account.
        await Eventually.TrueAsync(async () => (await staff.Api.PostAsync(new Uri($"/api/ordering/vendors/{staff.VendorId}/payment-account", UriKind.Relative), null)).IsSuccessStatusCode,
            Wait, "the vendor's card account opened");
        await Eventually.TrueAsync(async () => (await staff.Api.GetFromJsonAsync<JsonElement>($"/api/ordering/vendors/{staff.VendorId}/payment-options")).GetProperty("acceptsCard").GetBoolean(),
            Wait, "Ordering to accept cards for the vendor");
        var listing = await staff.ListGoodAsync(title, cents: cents, credits: null, stock: 5);
        await Eventually.TrueAsync(
            async () =>
            {
                await using var scope = world.Factory.Services.CreateAsyncScope();
                return await scope.ServiceProvider.GetRequiredService<OrderingDbContext>().Listings.AsNoTracking().AnyAsync(l => l.ListingId == listing && l.Status == "Published");
            },
            Wait,
            "Ordering's copy of the listing");
        return (staff, listing);
    }

    private async Task<JsonElement> CheckoutAsync(string email, Guid id)
    {
        using var buyer = await world.Factory.SignInAsync(email, MarketplaceFactory.Password);
        return (await buyer.GetFromJsonAsync<JsonElement>($"/api/ordering/checkouts/{id}")).Clone();
    }

    [GeneratedRegex("/me/checkouts/([0-9a-f-]{36})$")]
    private static partial Regex CheckoutPage();
}
