using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SolidarityMarket.Contracts.Catalog;
using SolidarityMarket.ServiceDefaults.Auth;
using SolidarityMarket.Testing;
using static SolidarityMarket.Ordering.Tests.OrderingWorld;

namespace SolidarityMarket.Ordering.Tests;

/// <summary>Checkout's bad input, idempotency, the cart, per-object authorization, and the race for the last unit.</summary>
public sealed class CheckoutTests(OrderingWorld world) : IClassFixture<OrderingWorld>
{
    private async Task<(HttpClient Staff, Guid VendorId, Guid Listing, Buyer Buyer)> SetUpAsync(string name, int stock = 5, long? priceCredits = 1_500)
    {
        var (staff, staffId) = await world.SignInAsync(Roles.Vendor);
        var vendorId = await world.RegisterVendorAsync(staff, staffId, name);
        var listing = await world.CreateListingAsync(staff, vendorId, stock, priceCredits: priceCredits);
        return (staff, vendorId, listing, await world.NewBuyerAsync());
    }

    private Task<int> OrderCountAsync() => world.WithOrderingAsync(db => db.Orders.CountAsync());

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string? type = null)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        if (type is not null)
        {
            Assert.Equal("https://solidarity.market/problems/" + type, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("type").GetString());
        }
    }

    [Fact]
    public async Task Bad_checkouts_are_refused_with_problem_details_and_store_nothing()
    {
        var (_, vendorId, listing, buyer) = await SetUpAsync("Strict Co-op");
        var (otherStaff, otherStaffId) = await world.SignInAsync(Roles.Vendor);
        var otherVendor = await world.RegisterVendorAsync(otherStaff, otherStaffId, "No-credit Co-op");
        var cardOnly = await world.CreateListingAsync(otherStaff, otherVendor, 5, priceCredits: null, title: "Card-only jam");
        var draft = Guid.NewGuid();
        await world.Bus.Publish(new ListingChanged(draft, vendorId, "Draft pie", "Good", "Draft", "item", 100, 100, 5, 1, DateTimeOffset.UtcNow));
        await Eventually.TrueAsync(() => world.WithOrderingAsync(db => db.Listings.AnyAsync(l => l.ListingId == draft)), Wait, "the draft listing copy");
        var before = await OrderCountAsync();
        var post = (object body) => buyer.Client.PostAsJsonAsync("/api/ordering/checkouts", body);

        await AssertProblemAsync(await post(Checkout("", [(listing, 1)], [Credits(vendorId, buyer.AccountId)])), HttpStatusCode.BadRequest);
        await AssertProblemAsync(await post(Checkout("q0", [(listing, 0)], [Credits(vendorId, buyer.AccountId)])), HttpStatusCode.BadRequest);
        await AssertProblemAsync(await post(Checkout("q-neg", [(listing, -2)], [Credits(vendorId, buyer.AccountId)])), HttpStatusCode.BadRequest);
        await AssertProblemAsync(await post(Checkout("dup", [(listing, 1), (listing, 1)], [Credits(vendorId, buyer.AccountId)])), HttpStatusCode.BadRequest);
        await AssertProblemAsync(await post(Checkout("no-lines", [], [Credits(vendorId, buyer.AccountId)])), HttpStatusCode.BadRequest);
        await AssertProblemAsync(await post(Checkout("no-payer", [(listing, 1)], [new { vendorId, method = "credits" }])), HttpStatusCode.BadRequest);
        await AssertProblemAsync(await post(Checkout("bad-method", [(listing, 1)], [new { vendorId, method = "cash" }])), HttpStatusCode.BadRequest);
        await AssertProblemAsync(await post(Checkout("no-method", [(listing, 1)], [])), HttpStatusCode.BadRequest);
        await AssertProblemAsync(await post(Checkout("stray", [(listing, 1)], [Credits(vendorId, buyer.AccountId), Credits(otherVendor, buyer.AccountId)])), HttpStatusCode.BadRequest);
        await AssertProblemAsync(await post(Checkout("unknown", [(Guid.NewGuid(), 1)], [Credits(vendorId, buyer.AccountId)])), HttpStatusCode.NotFound);
        await AssertProblemAsync(await post(Checkout("draft", [(draft, 1)], [Credits(vendorId, buyer.AccountId)])), HttpStatusCode.Conflict, "listing-not-published");
        await AssertProblemAsync(await post(Checkout("too-many", [(listing, 6)], [Credits(vendorId, buyer.AccountId)])), HttpStatusCode.Conflict, "insufficient-stock");
        await AssertProblemAsync(await post(Checkout("uncertified", [(listing, 1)], [Card(vendorId)])), HttpStatusCode.Conflict, "card-not-accepted");
        await AssertProblemAsync(await post(Checkout("no-credit-price", [(cardOnly, 1)], [Credits(otherVendor, buyer.AccountId)])), HttpStatusCode.Conflict, "no-credit-price");
        var empty = await buyer.Client.PostAsync("/api/ordering/checkouts", JsonContent.Create<object?>(null));
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);

        Assert.Equal(before, await OrderCountAsync());
        Assert.Equal(0, await world.WithOrderingAsync(db => db.Checkouts.CountAsync(c => c.BuyerUserId == buyer.UserId)));
    }

    [Fact]
    public async Task The_same_key_and_body_answer_the_same_checkout_and_a_different_body_is_a_conflict()
    {
        var (_, vendorId, listing, buyer) = await SetUpAsync("Idempotent Co-op");
        var body = Checkout("same-key", [(listing, 1)], [Credits(vendorId, buyer.AccountId)]);

        var first = await buyer.Client.PostAsJsonAsync("/api/ordering/checkouts", body);
        var second = await buyer.Client.PostAsJsonAsync("/api/ordering/checkouts", body);
        var different = await buyer.Client.PostAsJsonAsync("/api/ordering/checkouts", Checkout("same-key", [(listing, 2)], [Credits(vendorId, buyer.AccountId)]));

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Created), (first.StatusCode, second.StatusCode));
        var a = await first.Content.ReadFromJsonAsync<JsonElement>();
        var b = await second.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(a.GetProperty("id").GetGuid(), b.GetProperty("id").GetGuid());
        Assert.Equal(a.GetProperty("orders")[0].GetProperty("id").GetGuid(), b.GetProperty("orders")[0].GetProperty("id").GetGuid());
        // The first answer comes from the saved entities, the second from the database: the same checkout either way.
        foreach (var field in new[] { "createdAt", "total", "lines", "paymentMethod" })
        {
            Assert.Equal(a.GetProperty("orders")[0].GetProperty(field).GetRawText(), b.GetProperty("orders")[0].GetProperty(field).GetRawText());
        }

        Assert.Equal(a.GetProperty("createdAt").GetRawText(), b.GetProperty("createdAt").GetRawText());
        await AssertProblemAsync(different, HttpStatusCode.Conflict, "idempotency-key-reused");
        Assert.Equal(1, await world.WithOrderingAsync(db => db.Orders.CountAsync(o => o.BuyerUserId == buyer.UserId)));

        // Another buyer may use the same key: keys are per buyer.
        var other = await world.NewBuyerAsync();
        var theirs = await other.Client.PostAsJsonAsync("/api/ordering/checkouts", Checkout("same-key", [(listing, 1)], [Credits(vendorId, other.AccountId)]));
        Assert.Equal(HttpStatusCode.Created, theirs.StatusCode);
        Assert.NotEqual(a.GetProperty("id").GetGuid(), (await theirs.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task Concurrent_retries_with_one_key_create_one_checkout()
    {
        var (_, vendorId, listing, buyer) = await SetUpAsync("Retry Co-op");
        var body = Checkout("racing-key", [(listing, 1)], [Credits(vendorId, buyer.AccountId)]);

        var responses = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => buyer.Client.PostAsJsonAsync("/api/ordering/checkouts", body)));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        var ids = await Task.WhenAll(responses.Select(async r => (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid()));
        Assert.Single(ids.Distinct());
        Assert.Equal(1, await world.WithOrderingAsync(db => db.Orders.CountAsync(o => o.BuyerUserId == buyer.UserId)));
    }

    [Fact]
    public async Task Two_buyers_racing_for_the_last_unit_one_gets_it_and_the_other_is_rejected()
    {
        var (_, vendorId, listing, first) = await SetUpAsync("Last Loaf Co-op", stock: 1);
        var second = await world.NewBuyerAsync();

        var responses = await Task.WhenAll(
            first.Client.PostAsJsonAsync("/api/ordering/checkouts", Checkout("race", [(listing, 1)], [Credits(vendorId, first.AccountId)])),
            second.Client.PostAsJsonAsync("/api/ordering/checkouts", Checkout("race", [(listing, 1)], [Credits(vendorId, second.AccountId)])));
        var orderIds = await Task.WhenAll(responses.Select(async r => (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("orders")[0].GetProperty("id").GetGuid()));

        var outcomes = new List<string>();
        foreach (var id in orderIds)
        {
            var status = await Eventually.GetAsync(async () => (await world.OrderAsync(world.Admin, id)).GetProperty("status").GetString() switch
            {
                "Paid" => "Paid",
                "Rejected" => "Rejected",
                _ => null,
            }, Wait, "the race's outcome");
            outcomes.Add(status);
        }

        Assert.Equal(["Paid", "Rejected"], outcomes.Order());
        Assert.Equal(0, await world.CatalogStockAsync(listing));
    }

    [Fact]
    public async Task Another_buyers_order_and_checkout_are_not_found_and_their_actions_change_nothing()
    {
        var (staff, vendorId, listing, buyer) = await SetUpAsync("Private Co-op");
        var stranger = await world.NewBuyerAsync();
        var (otherStaff, otherStaffId) = await world.SignInAsync(Roles.Vendor);
        await world.RegisterVendorAsync(otherStaff, otherStaffId, "Nosy Co-op");
        var checkout = await (await buyer.Client.PostAsJsonAsync("/api/ordering/checkouts", Checkout("private", [(listing, 1)], [Credits(vendorId, buyer.AccountId)])))
            .Content.ReadFromJsonAsync<JsonElement>();
        var checkoutId = checkout.GetProperty("id").GetGuid();
        var orderId = checkout.GetProperty("orders")[0].GetProperty("id").GetGuid();
        await world.OrderReachesAsync(orderId, "Paid");

        await AssertProblemAsync(await stranger.Client.GetAsync($"/api/ordering/orders/{orderId}"), HttpStatusCode.NotFound);
        await AssertProblemAsync(await stranger.Client.GetAsync($"/api/ordering/checkouts/{checkoutId}"), HttpStatusCode.NotFound);
        await AssertProblemAsync(await stranger.Client.PostAsync($"/api/ordering/orders/{orderId}/cancel", null), HttpStatusCode.NotFound);
        await AssertProblemAsync(await otherStaff.PostAsync($"/api/ordering/orders/{orderId}/fulfil", null), HttpStatusCode.NotFound);
        await AssertProblemAsync(await otherStaff.GetAsync($"/api/ordering/vendors/{vendorId}/orders"), HttpStatusCode.NotFound);
        await AssertProblemAsync(await buyer.Client.PostAsync($"/api/ordering/orders/{orderId}/fulfil", null), HttpStatusCode.Forbidden);
        await AssertProblemAsync(await staff.PostAsync($"/api/ordering/orders/{orderId}/confirm-receipt", null), HttpStatusCode.Forbidden);
        await AssertProblemAsync(await staff.PostAsync($"/api/ordering/orders/{orderId}/dispute", null), HttpStatusCode.Forbidden);
        await AssertProblemAsync(await otherStaff.PostAsync($"/api/ordering/vendors/{vendorId}/payment-account", null), HttpStatusCode.NotFound);
        Assert.Equal("Paid", (await world.OrderAsync(buyer.Client, orderId)).GetProperty("status").GetString());

        Assert.Empty((await stranger.Client.GetFromJsonAsync<List<JsonElement>>("/api/ordering/orders"))!);
        Assert.Equal(orderId, (await buyer.Client.GetFromJsonAsync<List<JsonElement>>("/api/ordering/orders"))!.Single().GetProperty("id").GetGuid());
        Assert.Equal(orderId, (await staff.GetFromJsonAsync<List<JsonElement>>($"/api/ordering/vendors/{vendorId}/orders?status=Paid"))!.Single().GetProperty("id").GetGuid());
        await AssertProblemAsync(await staff.GetAsync($"/api/ordering/vendors/{vendorId}/orders?status=Shipped"), HttpStatusCode.BadRequest);
        // Enum.TryParse would read these as Cancelled (4 | 7) and Paid: only names are accepted.
        await AssertProblemAsync(await staff.GetAsync($"/api/ordering/vendors/{vendorId}/orders?status=Paid,Cancelled"), HttpStatusCode.BadRequest);
        await AssertProblemAsync(await staff.GetAsync($"/api/ordering/vendors/{vendorId}/orders?status=4"), HttpStatusCode.BadRequest);
        await AssertProblemAsync(await buyer.Client.GetAsync("/api/ordering/orders?take=0"), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task The_cart_holds_published_listings_within_stock_and_checkout_empties_the_bought_lines()
    {
        var (_, vendorId, listing, buyer) = await SetUpAsync("Cart Co-op", stock: 3);
        var cart = (string path) => $"/api/ordering/cart{path}";

        Assert.Equal(HttpStatusCode.OK, (await buyer.Client.PutAsJsonAsync(cart($"/lines/{listing}"), new { quantity = 2 })).StatusCode);
        await AssertProblemAsync(await buyer.Client.PutAsJsonAsync(cart($"/lines/{listing}"), new { quantity = 4 }), HttpStatusCode.Conflict, "insufficient-stock");
        await AssertProblemAsync(await buyer.Client.PutAsJsonAsync(cart($"/lines/{listing}"), new { quantity = 0 }), HttpStatusCode.BadRequest);
        await AssertProblemAsync(await buyer.Client.PutAsJsonAsync(cart($"/lines/{Guid.NewGuid()}"), new { quantity = 1 }), HttpStatusCode.NotFound);
        var lines = (await buyer.Client.GetFromJsonAsync<JsonElement>(cart(""))).GetProperty("lines");
        Assert.Equal((listing, 2, 1_500L), (lines[0].GetProperty("listingId").GetGuid(), lines[0].GetProperty("quantity").GetInt32(), lines[0].GetProperty("priceCredits").GetInt64()));

        var stranger = await world.NewBuyerAsync();
        Assert.Equal(0, (await stranger.Client.GetFromJsonAsync<JsonElement>(cart(""))).GetProperty("lines").GetArrayLength());

        Assert.Equal(HttpStatusCode.Created, (await buyer.Client.PostAsJsonAsync("/api/ordering/checkouts", Checkout("from-cart", [(listing, 2)], [Credits(vendorId, buyer.AccountId)]))).StatusCode);
        Assert.Equal(0, (await buyer.Client.GetFromJsonAsync<JsonElement>(cart(""))).GetProperty("lines").GetArrayLength());
    }
}
