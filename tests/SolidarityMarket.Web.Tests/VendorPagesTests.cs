using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace SolidarityMarket.Web.Tests;

/// <summary>
/// A co-op's staff manage their vendor in Chromium with JavaScript off: listings (new, edit, publish, archive) and
/// orders (fulfil). What the pages did is checked through the APIs as the administrator, and on the public pages.
/// </summary>
public sealed class VendorPagesTests(MarketWorld world)
{
    [Fact]
    public async Task Staff_add_a_draft_publish_it_and_then_the_public_search_finds_it()
    {
        var staff = await world.NewVendorStaffAsync("Lakeside Growers");
        var page = await world.SignedInPageAsync(staff.Email, "/me/vendors");
        await page.GetByRole(AriaRole.Link, new() { Name = "Lakeside Growers" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Add a listing" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"/me/vendors/{staff.VendorId}/listings/new$"));
        await Expect(page.GetByLabel("Sector")).ToHaveValueAsync("food");

        await FillListingAsync(page, "Heirloom kohlrabi", "produce", "12.50", "11", "40");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save as a draft" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex($"/me/vendors/{staff.VendorId}$"));
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("“Heirloom kohlrabi” is saved as a draft. Publish it to put it on sale.");
        var row = page.Locator("tr[data-listing]");
        await Expect(row).ToHaveCountAsync(1);
        await Expect(row.Locator(".status")).ToHaveTextAsync("Draft");
        var listingId = Guid.Parse((await row.GetAttributeAsync("data-listing"))!);
        var stored = await world.ListingAsync(listingId);
        Assert.Equal((1250L, 1100L, 40, "Draft"), (stored.GetProperty("priceCents").GetInt64(), stored.GetProperty("priceCredits").GetInt64(), stored.GetProperty("stock").GetInt32(), stored.GetProperty("status").GetString()));
        Assert.Equal(0, await SearchTotalAsync("kohlrabi"));

        await row.GetByRole(AriaRole.Button, new() { Name = "Publish" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("“Heirloom kohlrabi” is published: it is on sale.");
        await Expect(page.Locator($"tr[data-listing='{listingId}'] .status")).ToHaveTextAsync("Published");
        Assert.Equal(1, await SearchTotalAsync("kohlrabi"));
        var search = await world.NewPageAsync();
        await search.GotoAsync("/?q=kohlrabi");
        await Expect(search.GetByRole(AriaRole.Link, new() { Name = "Heirloom kohlrabi" })).ToHaveAttributeAsync("href", $"/listings/{listingId}");
    }

    [Fact]
    public async Task Editing_a_listing_changes_its_price_on_the_public_listing_page()
    {
        var staff = await world.NewVendorStaffAsync("Meadow Dairy");
        var listingId = await staff.ListGoodAsync("Meadow butter", cents: 650, credits: null);
        var visitor = await world.NewPageAsync();
        await visitor.GotoAsync($"/listings/{listingId}");
        await Expect(visitor.Locator(".price")).ToContainTextAsync("$6.50");

        var page = await world.SignedInPageAsync(staff.Email, $"/me/listings/{listingId}/edit");
        await Expect(page.GetByLabel("Card price in dollars")).ToHaveValueAsync("6.50");
        await page.GetByLabel("Card price in dollars").FillAsync("7.25");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex($"/me/vendors/{staff.VendorId}$"));
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("“Meadow butter” is saved.");
        await visitor.ReloadAsync();
        await Expect(visitor.Locator(".price")).ToContainTextAsync("$7.25");
        Assert.Equal(725, (await world.ListingAsync(listingId)).GetProperty("priceCents").GetInt64());
    }

    [Fact]
    public async Task A_malformed_price_is_refused_with_a_message_and_nothing_is_stored()
    {
        var staff = await world.NewVendorStaffAsync("Comma Orchards");
        var page = await world.SignedInPageAsync(staff.Email, $"/me/vendors/{staff.VendorId}/listings/new");
        await FillListingAsync(page, "Bramley apples", "produce", "12,50", "", "5");

        var refused = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Save as a draft" }).ClickAsync(), r => r.Request.Method == "POST");

        Assert.Equal(400, refused.Status);
        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("The card price: write it with a point for the cents and no thousands separators, e.g. 1250.50.");
        await Expect(page.GetByLabel("Title")).ToHaveValueAsync("Bramley apples");
        Assert.Empty(await world.VendorListingsAsync(staff.VendorId));

        var listingId = await staff.ListGoodAsync("Cox apples", cents: 300, credits: 280);
        var before = await world.ListingAsync(listingId);
        await page.GotoAsync($"/me/listings/{listingId}/edit");
        await page.GetByLabel("Credit price in credits").FillAsync("2.999");
        refused = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync(), r => r.Request.Method == "POST");

        Assert.Equal(400, refused.Status);
        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("The credit price: write it as a number of credits with at most two decimals, e.g. 12.50.");
        Assert.Equal(before.ToString(), (await world.ListingAsync(listingId)).ToString());
    }

    [Fact]
    public async Task The_same_new_listing_form_sent_twice_makes_one_draft()
    {
        var staff = await world.NewVendorStaffAsync("Double Click Growers");
        var page = await world.SignedInPageAsync(staff.Email, $"/me/vendors/{staff.VendorId}/listings/new");
        await FillListingAsync(page, "Leeks", "produce", "4", "4", "20");
        Assert.False(string.IsNullOrEmpty(await page.Locator("input[type=hidden][name='Form.Key']").InputValueAsync()));

        var sent = await page.RunAndWaitForRequestAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Save as a draft" }).ClickAsync(), r => r.Method == "POST");
        await Expect(page).ToHaveURLAsync(new Regex($"/me/vendors/{staff.VendorId}$"));

        // The same POST again, as a second click or a retry after a timeout sends it: same key, same antiforgery token.
        var again = await PostNewListingAsync(page, staff.VendorId, sent.PostData!);

        Assert.Equal(302, again.Status);
        Assert.EndsWith($"/me/vendors/{staff.VendorId}", again.Headers["location"], StringComparison.Ordinal);
        var listing = Assert.Single(await world.VendorListingsAsync(staff.VendorId));
        Assert.Equal("Leeks", listing.GetProperty("title").GetString());
    }

    [Fact]
    public async Task A_changed_form_sent_with_the_key_it_already_used_gets_a_fresh_key_and_says_so()
    {
        var staff = await world.NewVendorStaffAsync("Second Thoughts Farm");
        var page = await world.SignedInPageAsync(staff.Email, $"/me/vendors/{staff.VendorId}/listings/new");
        await FillListingAsync(page, "Leeks", "produce", "4", "4", "20");
        var sent = await page.RunAndWaitForRequestAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Save as a draft" }).ClickAsync(), r => r.Method == "POST");
        await Expect(page).ToHaveURLAsync(new Regex($"/me/vendors/{staff.VendorId}$"));
        var usedKey = HiddenKey.Match(sent.PostData!).Groups[1].Value;

        // The form sent again with another title (the browser's back button, then an edit): the old key with another body.
        var changed = sent.PostData!.Replace("Form.Title=Leeks", "Form.Title=Shallots", StringComparison.Ordinal);
        var refused = await PostNewListingAsync(page, staff.VendorId, changed);

        Assert.Equal(409, refused.Status);
        var html = await refused.TextAsync();
        Assert.Contains("This form already added a listing with other details", html, StringComparison.Ordinal);
        var freshKey = HiddenKey.Match(html).Groups[1].Value;
        Assert.False(string.IsNullOrEmpty(freshKey), html);
        Assert.NotEqual(usedKey, freshKey);
        Assert.Single(await world.VendorListingsAsync(staff.VendorId));

        // Sent once more with the fresh key: the second listing is added on purpose.
        var added = await PostNewListingAsync(page, staff.VendorId, changed.Replace($"Form.Key={usedKey}", $"Form.Key={freshKey}", StringComparison.Ordinal));

        Assert.Equal(302, added.Status);
        var titles = (await world.VendorListingsAsync(staff.VendorId)).Select(l => l.GetProperty("title").GetString()).Order(StringComparer.Ordinal);
        Assert.Equal(["Leeks", "Shallots"], titles);
    }

    /// <summary>The form's hidden key, in a sent form body or in the page's HTML.</summary>
    private static readonly Regex HiddenKey = new("Form\\.Key(?:=|\"[^>]*value=\")([0-9a-f]{32})");

    private Task<IAPIResponse> PostNewListingAsync(IPage page, Guid vendorId, string formBody) =>
        page.APIRequest.PostAsync(new Uri(world.Address, $"me/vendors/{vendorId}/listings/new").AbsoluteUri, new()
        {
            Headers = new Dictionary<string, string> { ["Content-Type"] = "application/x-www-form-urlencoded" },
            Data = formBody,
            MaxRedirects = 0,
        });

    [Fact]
    public async Task The_catalogs_own_refusal_is_shown_on_the_form()
    {
        var staff = await world.NewVendorStaffAsync("Wrong Shelf Co-op");
        var page = await world.SignedInPageAsync(staff.Email, $"/me/vendors/{staff.VendorId}/listings/new");
        await FillListingAsync(page, "Oat milk", "weapons", "3", "", "5");

        var refused = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Save as a draft" }).ClickAsync(), r => r.Request.Method == "POST");

        Assert.Equal(400, refused.Status);
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("category must be one of bakery, produce");
        Assert.Empty(await world.VendorListingsAsync(staff.VendorId));
    }

    [Fact]
    public async Task Another_vendors_staff_find_nothing_of_the_first_vendor_and_change_nothing()
    {
        var owner = await world.NewVendorStaffAsync("Private Gardens");
        var draft = await owner.ListGoodAsync("Secret squash", publish: false);
        var published = await owner.ListGoodAsync("Public pumpkin");
        var other = await world.NewVendorStaffAsync("Nosy Neighbours");
        var page = await world.SignedInPageAsync(other.Email, "/me/vendors");
        await Expect(page.Locator("tr[data-vendor]")).ToHaveCountAsync(1);
        await Expect(page.Locator("tr[data-vendor]")).ToContainTextAsync("Nosy Neighbours");
        var before = (await world.ListingAsync(draft)).ToString() + (await world.ListingAsync(published));

        foreach (var path in (string[])[$"/me/vendors/{owner.VendorId}", $"/me/vendors/{owner.VendorId}/orders", $"/me/vendors/{owner.VendorId}/listings/new", $"/me/listings/{draft}/edit", $"/me/listings/{published}/edit"])
        {
            var response = await page.GotoAsync(path);
            Assert.Equal(404, response!.Status);
            await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("There is no");
            await Expect(page.Locator("main")).Not.ToContainTextAsync("squash");
            await Expect(page.Locator("main")).Not.ToContainTextAsync("pumpkin");
            await Expect(page.Locator("form.stack")).ToHaveCountAsync(0);
        }

        // Forms forged with the intruder's own antiforgery token: refused (the page acts only on its own vendor's
        // listings, and the APIs check again), the pages say "not found".
        await page.GotoAsync($"/me/vendors/{other.VendorId}/listings/new");
        var token = await page.Locator("[name=__RequestVerificationToken]").First.InputValueAsync();
        var archive = page.Context.APIRequest.CreateFormData();
        archive.Set("__RequestVerificationToken", token);
        archive.Set("listingId", published.ToString());
        var archived = await page.Context.APIRequest.PostAsync($"/me/vendors/{other.VendorId}?handler=Archive", new() { Form = archive, MaxRedirects = 0 });
        Assert.Equal(404, archived.Status);
        Assert.Contains("There is no listing of this vendor with that number.", await archived.TextAsync(), StringComparison.Ordinal);

        var edit = page.Context.APIRequest.CreateFormData();
        foreach (var (field, value) in (List<(string, string)>)[("__RequestVerificationToken", token), ("Form.Title", "Hijacked"), ("Form.Kind", "Good"), ("Form.Sector", "food"),
            ("Form.Category", "produce"), ("Form.Unit", "kg"), ("Form.CardPrice", "0.50"), ("Form.Quantity", "0"), ("Form.Version", "1")])
        {
            edit.Set(field, value);
        }

        var edited = await page.Context.APIRequest.PostAsync($"/me/listings/{published}/edit", new() { Form = edit, MaxRedirects = 0 });
        Assert.Equal(404, edited.Status);
        var created = await page.Context.APIRequest.PostAsync($"/me/vendors/{owner.VendorId}/listings/new", new() { Form = edit, MaxRedirects = 0 });
        Assert.Equal(404, created.Status);

        Assert.Equal(before, (await world.ListingAsync(draft)).ToString() + (await world.ListingAsync(published)));
        Assert.Equal(2, (await world.VendorListingsAsync(owner.VendorId)).Count);
    }

    [Fact]
    public async Task An_edit_from_a_form_read_before_an_order_took_stock_is_refused_and_shows_the_listing_as_it_is_now()
    {
        var staff = await world.NewVendorStaffAsync("Stale Form Farm");
        var listingId = await staff.ListGoodAsync("Early potatoes", stock: 5);
        var page = await world.SignedInPageAsync(staff.Email, $"/me/listings/{listingId}/edit");
        await Expect(page.GetByLabel("Stock or capacity")).ToHaveValueAsync("5");

        // Someone else's change in the meantime (as an order taking stock would): the version moves.
        var now = await world.ListingAsync(listingId);
        var changed = await staff.Api.PutAsJsonAsync($"/api/catalog/listings/{listingId}", new
        {
            title = "Early potatoes", description = "", kind = "Good", sector = "food", category = "produce", unit = "kg",
            priceCents = 650, priceCredits = 600, stock = 2, version = now.GetProperty("version").GetInt32(),
        });
        Assert.True(changed.IsSuccessStatusCode, await changed.Content.ReadAsStringAsync());

        await page.GetByLabel("Title").FillAsync("Early potatoes, washed");
        var refused = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync(), r => r.Request.Method == "POST");

        Assert.Equal(409, refused.Status);
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("so your changes were not saved");
        await Expect(page.GetByLabel("Stock or capacity")).ToHaveValueAsync("2");
        await Expect(page.GetByLabel("Title")).ToHaveValueAsync("Early potatoes");
        var stored = await world.ListingAsync(listingId);
        Assert.Equal(("Early potatoes", 2), (stored.GetProperty("title").GetString(), stored.GetProperty("stock").GetInt32()));

        // Sent again from the refreshed form, the edit is based on the current version and is saved.
        await page.GetByLabel("Title").FillAsync("Early potatoes, washed");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("“Early potatoes, washed” is saved.");
        Assert.Equal(2, (await world.ListingAsync(listingId)).GetProperty("stock").GetInt32());
    }

    [Fact]
    public async Task The_same_edit_sent_twice_reads_as_saved_the_second_time_not_as_a_conflict()
    {
        var staff = await world.NewVendorStaffAsync("Double Click Dairy");
        var listingId = await staff.ListGoodAsync("Fresh cheese", stock: 7);
        var page = await world.SignedInPageAsync(staff.Email, $"/me/listings/{listingId}/edit");
        await page.GetByLabel("Title").FillAsync("Fresh goat cheese");
        var sent = page.Context.APIRequest.CreateFormData();
        var fields = page.Locator("form.stack [name]");
        for (var i = 0; i < await fields.CountAsync(); i++)
        {
            var field = fields.Nth(i);
            sent.Set((await field.GetAttributeAsync("name"))!, await field.InputValueAsync());
        }

        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("“Fresh goat cheese” is saved.");

        // The second send carries the version the first one replaced: the Catalog refuses it (409), and the page sees
        // that the listing already holds exactly what was sent.
        var again = await page.Context.APIRequest.PostAsync($"/me/listings/{listingId}/edit", new() { Form = sent, MaxRedirects = 0 });

        Assert.Equal(302, again.Status);
        Assert.Contains($"/me/vendors/{staff.VendorId}", again.Headers["location"], StringComparison.Ordinal);
        Assert.Equal("Fresh goat cheese", (await world.ListingAsync(listingId)).GetProperty("title").GetString());
    }

    [Fact]
    public async Task A_stock_correction_refused_as_stale_is_not_reported_saved_because_orders_took_the_stock_to_the_same_number()
    {
        var staff = await world.NewVendorStaffAsync("Offline Sales Farm");
        var listingId = await staff.ListGoodAsync("Winter squash", stock: 10);
        var page = await world.SignedInPageAsync(staff.Email, $"/me/listings/{listingId}/edit");
        // The vendor sold 2 at the market and corrects the stock to 8 ...
        await page.GetByLabel("Stock or capacity").FillAsync("8");

        // ... while orders take 2 online (a change of the listing by someone else, to the same number).
        var now = await world.ListingAsync(listingId);
        var changed = await staff.Api.PutAsJsonAsync($"/api/catalog/listings/{listingId}", new
        {
            title = "Winter squash", description = now.GetProperty("description").GetString(), kind = "Good", sector = "food", category = "produce",
            unit = now.GetProperty("unit").GetString(), priceCents = now.GetProperty("priceCents").GetInt64(), priceCredits = now.GetProperty("priceCredits").GetInt64(),
            stock = 8, version = now.GetProperty("version").GetInt32(),
        });
        Assert.True(changed.IsSuccessStatusCode, await changed.Content.ReadAsStringAsync());
        var refused = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync(), r => r.Request.Method == "POST");

        // The correction was never applied (8 is the orders' doing), so the vendor must see the conflict, not "saved".
        Assert.Equal(409, refused.Status);
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("so your changes were not saved");
    }

    [Fact]
    public async Task A_paid_order_appears_in_the_vendors_orders_and_fulfil_marks_it_fulfilled()
    {
        var staff = await world.NewVendorStaffAsync("Fulfilment Bakers");
        var listingId = await staff.ListGoodAsync("Seeded batch loaf", cents: null, credits: 450, stock: 6);
        var orderId = await world.PaidCreditsOrderAsync(staff, listingId, quantity: 2);

        var page = await world.SignedInPageAsync(staff.Email, $"/me/vendors/{staff.VendorId}/orders");
        var row = page.Locator($"tr[data-order='{orderId}']");
        await Expect(row.Locator(".status")).ToHaveTextAsync("Paid");
        await Expect(row).ToContainTextAsync("2 × Seeded batch loaf");
        await Expect(row.Locator(".amount")).ToHaveTextAsync("9.00 credits");

        await row.GetByRole(AriaRole.Button, new() { Name = "Fulfil" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync($"Order {orderId} is marked fulfilled.");
        // Off the list to fulfil, and fulfilled among the recent orders.
        await Expect(row).ToHaveCountAsync(0);
        await Expect(page.Locator($"tr[data-recent-order='{orderId}'] .status")).ToHaveTextAsync("Fulfilled");
        Assert.Equal("Fulfilled", await world.OrderStatusAsync(orderId));

        var stranger = await world.NewVendorStaffAsync("Order Snoopers");
        var snooping = await world.SignedInPageAsync(stranger.Email, "/me/vendors");
        var response = await snooping.GotoAsync($"/me/vendors/{staff.VendorId}/orders");
        Assert.Equal(404, response!.Status);
        await Expect(snooping.Locator("tr[data-order], tr[data-recent-order]")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Fulfil_on_one_vendors_page_does_nothing_to_an_order_it_does_not_list()
    {
        var staff = await world.NewVendorStaffAsync("Careful Bakers");
        var listingId = await staff.ListGoodAsync("Careful loaf", cents: null, credits: 300, stock: 4);
        var orderId = await world.PaidCreditsOrderAsync(staff, listingId, quantity: 1);
        var other = await world.NewVendorStaffAsync("Other Bakers");
        var page = await world.SignedInPageAsync(other.Email, $"/me/vendors/{other.VendorId}/orders");
        var form = page.Context.APIRequest.CreateFormData();
        form.Set("__RequestVerificationToken", await page.Locator("[name=__RequestVerificationToken]").First.InputValueAsync());
        form.Set("orderId", orderId.ToString());

        // Another vendor's paid order, posted to this vendor's page: refused before anything is sent.
        var answer = await page.Context.APIRequest.PostAsync($"/me/vendors/{other.VendorId}/orders?handler=Fulfil", new() { Form = form, MaxRedirects = 0 });

        Assert.Equal(409, answer.Status);
        Assert.Contains("paid orders: it may already be fulfilled or cancelled", await answer.TextAsync(), StringComparison.Ordinal);
        Assert.Equal("Paid", await world.OrderStatusAsync(orderId));
    }

    private static async Task FillListingAsync(IPage page, string title, string category, string cardPrice, string creditPrice, string quantity)
    {
        await page.GetByLabel("Title").FillAsync(title);
        await page.GetByLabel("Description").FillAsync($"{title}, picked this week.");
        await page.GetByLabel("Kind").SelectOptionAsync("Good");
        await page.GetByLabel("Category").FillAsync(category);
        await page.GetByLabel("Unit").FillAsync("kg");
        await page.GetByLabel("Card price in dollars").FillAsync(cardPrice);
        await page.GetByLabel("Credit price in credits").FillAsync(creditPrice);
        await page.GetByLabel("Stock or capacity").FillAsync(quantity);
    }

    private async Task<int> SearchTotalAsync(string words)
    {
        using var anonymous = world.CreateClient();
        using var found = System.Text.Json.JsonDocument.Parse(await anonymous.GetStringAsync(new Uri($"api/catalog/listings?q={Uri.EscapeDataString(words)}", UriKind.Relative)));
        return found.RootElement.GetProperty("total").GetInt32();
    }
}
