using System.Text.RegularExpressions;
using Microsoft.Playwright;
using SolidarityMarket.Testing;
using static Microsoft.Playwright.Assertions;

namespace SolidarityMarket.Web.Tests;

/// <summary>
/// A member buying with credits in Chromium with JavaScript off: the listing page's cart button, the cart, the
/// checkout, their orders and cancelling one. The ledger's side (credits held, then released) is checked through the
/// API as the administrator. The seeded rye loaf (6.00 credits, 10 in stock) is bought; every test cancels or leaves
/// at most two reserved.
/// </summary>
public sealed class BuyerPagesTests(MarketWorld world)
{
    private Guid Rye => world.Listings["Rye sourdough loaf"];

    [Fact]
    public async Task A_member_orders_with_credits_once_though_the_checkout_is_sent_twice_and_cancelling_releases_the_hold()
    {
        var buyer = await world.NewMemberAsync();
        await world.WaitUntilOrderingSellsAsync(Rye);
        var page = await world.NewPageAsync();
        await MemberPages.GoAndSignInAsync(page, buyer.Email);

        await MemberPages.AddToCartAsync(page, Rye, "2");
        await Expect(page).ToHaveURLAsync(new Regex("/me/cart$"));
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Added to your cart.");
        await Expect(page.Locator($"tr[data-listing='{Rye}']")).ToContainTextAsync("Rye sourdough loaf");
        await Expect(page.Locator("[data-field=total]")).ToHaveTextAsync("12.00 credits");

        var checkout = page.Locator("form[action*='handler=Checkout']");
        await checkout.Locator("select[name=Account]").SelectOptionAsync(buyer.AccountId.ToString());
        var sent = page.Context.APIRequest.CreateFormData();
        foreach (var field in (string[])["__RequestVerificationToken", "CheckoutKey", "Account", "Lines[0].ListingId", "Lines[0].VendorId", "Lines[0].Quantity", "Lines[0].UnitPrice"])
        {
            sent.Set(field, await checkout.Locator($"[name='{field}']").InputValueAsync());
        }

        await page.GetByRole(AriaRole.Button, new() { Name = "Place the order" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex("/me/orders$"));
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Your order was placed.");
        // The same form again (a double click, a retry): its lines have left the cart, so it orders nothing and says so.
        var again = await page.Context.APIRequest.PostAsync("/me/cart?handler=Checkout", new() { Form = sent, MaxRedirects = 0 });
        Assert.Equal(409, again.Status);
        Assert.Contains("may already have been ordered", await again.TextAsync(), StringComparison.Ordinal);
        await WaitForStatusAsync(page, "Paid");
        await Expect(page.Locator("li[data-order]")).ToHaveCountAsync(1);
        await Expect(page.Locator("li[data-order] .price")).ToHaveTextAsync("12.00 credits");
        Assert.Equal((0L, 1200L), await world.HeldAsync(buyer.AccountId));

        await page.GotoAsync("/me/cart");
        await Expect(page.Locator("main")).ToContainTextAsync("Your cart is empty.");

        await page.GotoAsync("/me/orders");
        await page.Locator("form:has(button:text('Cancel the order'))").GetByLabel("Reason").FillAsync("Changed my mind.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Cancel the order" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("The order is now Cancelled.");
        await Eventually.TrueAsync(async () => await world.HeldAsync(buyer.AccountId) == (0L, 0L), TimeSpan.FromSeconds(60), "the hold voided");
        await Expect(page.Locator("li[data-order] form")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Signed_out_the_listing_asks_to_sign_in_and_brings_the_member_back_to_buy()
    {
        var buyer = await world.NewMemberAsync();
        var page = await world.NewPageAsync();
        await page.GotoAsync($"/listings/{Rye}");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Add to cart" })).ToHaveCountAsync(0);

        await page.GetByRole(AriaRole.Link, new() { Name = "Sign in to buy" }).ClickAsync();
        await MemberPages.SignInAsync(page, buyer.Email);

        await Expect(page).ToHaveURLAsync(new Regex($"/listings/{Rye}$"));
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Add to cart" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task More_than_the_stock_is_refused_with_the_reason_and_the_cart_stays_empty()
    {
        var buyer = await world.NewMemberAsync();
        await world.WaitUntilOrderingSellsAsync(Rye);
        var page = await world.NewPageAsync();
        await MemberPages.GoAndSignInAsync(page, buyer.Email);

        var refused = await page.RunAndWaitForResponseAsync(() => MemberPages.AddToCartAsync(page, Rye, "1000"), r => r.Request.Method == "POST");

        Assert.Equal(409, refused.Status);
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("are available");
        await page.GotoAsync("/me/cart");
        await Expect(page.Locator("main")).ToContainTextAsync("Your cart is empty.");
    }

    [Fact]
    public async Task Another_buyers_order_cannot_be_cancelled_through_the_orders_page()
    {
        var buyer = await world.NewMemberAsync();
        var stranger = await world.NewMemberAsync();
        await world.WaitUntilOrderingSellsAsync(Rye);
        var page = await world.NewPageAsync();
        await MemberPages.GoAndSignInAsync(page, buyer.Email);
        await MemberPages.AddToCartAsync(page, Rye, "1");
        await page.GetByRole(AriaRole.Button, new() { Name = "Place the order" }).ClickAsync();
        await WaitForStatusAsync(page, "Paid");
        var orderId = (await page.Locator("li[data-order]").GetAttributeAsync("data-order"))!;

        var strangerPage = await world.NewPageAsync();
        await MemberPages.GoAndSignInAsync(strangerPage, stranger.Email);
        await strangerPage.GotoAsync("/me/orders");
        var form = strangerPage.Context.APIRequest.CreateFormData();
        form.Set("__RequestVerificationToken", await strangerPage.Locator("[name=__RequestVerificationToken]").First.InputValueAsync());
        form.Set("id", orderId);
        form.Set("action", "cancel");
        var answer = await strangerPage.Context.APIRequest.PostAsync("/me/orders", new() { Form = form, MaxRedirects = 0 });

        Assert.Equal(404, answer.Status);
        Assert.Contains("There is no order of yours with that number.", await answer.TextAsync(), StringComparison.Ordinal);
        await page.ReloadAsync();
        await Expect(page.Locator("[data-field=status]")).ToHaveTextAsync("Paid");
        Assert.Equal((0L, 600L), await world.HeldAsync(buyer.AccountId));

        // Leave the stock as found: the buyer cancels their own order.
        await page.GetByRole(AriaRole.Button, new() { Name = "Cancel the order" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("The order is now Cancelled.");
    }

    [Fact]
    public async Task A_checkout_form_that_no_longer_matches_the_cart_orders_nothing()
    {
        var buyer = await world.NewMemberAsync();
        await world.WaitUntilOrderingSellsAsync(Rye);
        var page = await world.NewPageAsync();
        await MemberPages.GoAndSignInAsync(page, buyer.Email);
        await MemberPages.AddToCartAsync(page, Rye, "1");
        var checkout = page.Locator("form[action*='handler=Checkout']");
        var form = page.Context.APIRequest.CreateFormData();
        foreach (var field in (string[])["__RequestVerificationToken", "CheckoutKey", "Account", "Lines[0].ListingId", "Lines[0].VendorId", "Lines[0].UnitPrice"])
        {
            form.Set(field, await checkout.Locator($"[name='{field}']").InputValueAsync());
        }

        // What another tab, or an edited form, would send: more than the cart holds.
        form.Set("Lines[0].Quantity", "3");
        var answer = await page.Context.APIRequest.PostAsync("/me/cart?handler=Checkout", new() { Form = form, MaxRedirects = 0 });

        Assert.Equal(409, answer.Status);
        Assert.Contains("Your cart changed since this page was shown", await answer.TextAsync(), StringComparison.Ordinal);
        await page.GotoAsync("/me/orders");
        await Expect(page.Locator("li[data-order]")).ToHaveCountAsync(0);
        await page.GotoAsync("/me/cart");
        await Expect(page.Locator($"tr[data-listing='{Rye}'] input[name=quantity]")).ToHaveValueAsync("1");
    }

    [Fact]
    public async Task An_order_above_what_the_account_can_spend_is_refused_before_ordering()
    {
        var buyer = await world.NewMemberAsync();
        var workshop = world.Listings["Sourdough baking workshop"];
        await world.WaitUntilOrderingSellsAsync(workshop);
        var page = await world.NewPageAsync();
        await MemberPages.GoAndSignInAsync(page, buyer.Email);
        await MemberPages.AddToCartAsync(page, workshop, "6");

        var refused = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Place the order" }).ClickAsync(), r => r.Request.Method == "POST");

        Assert.Equal(422, refused.Status);
        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("This order comes to 240.00 credits; your account can spend at most 200.00 credits now.");
        await page.GotoAsync("/me/orders");
        await Expect(page.Locator("li[data-order]")).ToHaveCountAsync(0);
        Assert.Equal((0L, 0L), await world.HeldAsync(buyer.AccountId));
    }

    [Fact]
    public async Task A_cleared_quantity_is_refused_and_does_not_remove_the_line()
    {
        var buyer = await world.NewMemberAsync();
        await world.WaitUntilOrderingSellsAsync(Rye);
        var page = await world.NewPageAsync();
        await MemberPages.GoAndSignInAsync(page, buyer.Email);
        await MemberPages.AddToCartAsync(page, Rye, "2");

        await page.Locator($"tr[data-listing='{Rye}'] input[name=quantity]").FillAsync("");
        var refused = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Update" }).ClickAsync(), r => r.Request.Method == "POST");

        Assert.Equal(400, refused.Status);
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Enter a quantity");
        await Expect(page.Locator($"tr[data-listing='{Rye}'] input[name=quantity]")).ToHaveValueAsync("2");
    }

    /// <summary>Reloads the orders page until its (only) order shows <paramref name="status"/>: the order moves on through messages.</summary>
    private static Task WaitForStatusAsync(IPage page, string status) =>
        Eventually.TrueAsync(
            async () =>
            {
                await page.GotoAsync("/me/orders");
                return await page.Locator("[data-field=status]").First.TextContentAsync() == status;
            },
            TimeSpan.FromSeconds(60),
            $"the order to be {status}");
}
