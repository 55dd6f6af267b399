using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SolidarityMarket.ServiceDefaults.Auth;
using SolidarityMarket.Testing;
using static SolidarityMarket.Ordering.Tests.OrderingWorld;

namespace SolidarityMarket.Ordering.Tests;

/// <summary>Credits orders end to end through Catalog (stock), Ledger (hold, post, void) and Ordering, in one process.</summary>
public sealed class CreditOrderFlowTests(OrderingWorld world) : IClassFixture<OrderingWorld>
{
    [Fact]
    public async Task A_credits_order_is_paid_by_a_hold_and_completing_it_posts_the_credits_to_the_coop()
    {
        var (staff, staffId) = await world.SignInAsync(Roles.Vendor);
        var vendorId = await world.RegisterVendorAsync(staff, staffId, "Credit Bakers");
        var listing = await world.CreateListingAsync(staff, vendorId, stock: 5);
        var buyer = await world.NewBuyerAsync();
        var vendorAccount = await world.WithOrderingAsync(db => db.CreditAccounts.Where(a => a.OwnerId == vendorId).Select(a => a.AccountId).SingleAsync());

        var response = await buyer.Client.PostAsJsonAsync("/api/ordering/checkouts", Checkout("k-credit-1", [(listing, 2)], [Credits(vendorId, buyer.AccountId)]));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var checkout = await response.Content.ReadFromJsonAsync<JsonElement>();
        var order = checkout.GetProperty("orders")[0];
        var orderId = order.GetProperty("id").GetGuid();
        Assert.Equal(3_000, order.GetProperty("total").GetInt64());
        Assert.Null(checkout.GetProperty("card").GetString());

        await world.OrderReachesAsync(orderId, "Paid");
        Assert.Equal(3, await world.CatalogStockAsync(listing));
        var held = await world.AccountAsync(buyer.AccountId);
        Assert.Equal((0L, 3_000L), (held.GetProperty("balance").GetInt64(), held.GetProperty("pendingDebits").GetInt64()));

        var fulfilled = await staff.PostAsync($"/api/ordering/orders/{orderId}/fulfil", null);
        Assert.Equal(HttpStatusCode.OK, fulfilled.StatusCode);
        var confirmed = await buyer.Client.PostAsync($"/api/ordering/orders/{orderId}/confirm-receipt", null);
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        Assert.Equal("Completed", (await confirmed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());

        await Eventually.TrueAsync(async () => (await world.AccountAsync(vendorAccount)).GetProperty("balance").GetInt64() == 3_000, Wait, "the co-op to receive the credits");
        var paid = await world.AccountAsync(buyer.AccountId);
        Assert.Equal((-3_000L, 0L), (paid.GetProperty("balance").GetInt64(), paid.GetProperty("pendingDebits").GetInt64()));

        var history = (await world.OrderAsync(buyer.Client, orderId)).GetProperty("history").EnumerateArray().Select(h => h.GetProperty("status").GetString()).ToList();
        Assert.Equal(["Submitted", "StockReserved", "PaymentPending", "Paid", "Fulfilled", "Completed"], history);

        // Repeating an action already applied answers the same order and changes nothing.
        var again = await buyer.Client.PostAsync($"/api/ordering/orders/{orderId}/confirm-receipt", null);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(1, await world.SentAsync("ledger-post-hold", orderId));
    }

    [Fact]
    public async Task Cancelling_a_paid_credits_order_releases_the_stock_and_voids_the_hold()
    {
        var (staff, staffId) = await world.SignInAsync(Roles.Vendor);
        var vendorId = await world.RegisterVendorAsync(staff, staffId, "Cancel Bakers");
        var listing = await world.CreateListingAsync(staff, vendorId, stock: 4);
        var buyer = await world.NewBuyerAsync();

        var checkout = await (await buyer.Client.PostAsJsonAsync("/api/ordering/checkouts", Checkout("k-cancel", [(listing, 3)], [Credits(vendorId, buyer.AccountId)])))
            .Content.ReadFromJsonAsync<JsonElement>();
        var orderId = checkout.GetProperty("orders")[0].GetProperty("id").GetGuid();
        await world.OrderReachesAsync(orderId, "Paid");
        Assert.Equal(1, await world.CatalogStockAsync(listing));

        var cancelled = await buyer.Client.PostAsJsonAsync($"/api/ordering/orders/{orderId}/cancel", new { reason = "Changed my mind" });
        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);

        await Eventually.TrueAsync(async () => await world.CatalogStockAsync(listing) == 4, Wait, "the stock to be released");
        await Eventually.TrueAsync(async () => (await world.AccountAsync(buyer.AccountId)).GetProperty("pendingDebits").GetInt64() == 0, Wait, "the hold to be voided");
        Assert.Equal(0, (await world.AccountAsync(buyer.AccountId)).GetProperty("balance").GetInt64());

        // Fulfilling a cancelled order is a conflict and changes nothing.
        var fulfil = await staff.PostAsync($"/api/ordering/orders/{orderId}/fulfil", null);
        Assert.Equal(HttpStatusCode.Conflict, fulfil.StatusCode);
        Assert.Equal("Cancelled", (await world.OrderAsync(buyer.Client, orderId)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_hold_the_ledger_refuses_cancels_the_order_and_gives_the_stock_back()
    {
        var (staff, staffId) = await world.SignInAsync(Roles.Vendor);
        var vendorId = await world.RegisterVendorAsync(staff, staffId, "Pricey Bakers");
        // 15 × 1 500 = 22 500 credits: beyond an individual's 20 000 debit limit.
        var listing = await world.CreateListingAsync(staff, vendorId, stock: 20);
        var buyer = await world.NewBuyerAsync();

        var checkout = await (await buyer.Client.PostAsJsonAsync("/api/ordering/checkouts", Checkout("k-too-much", [(listing, 15)], [Credits(vendorId, buyer.AccountId)])))
            .Content.ReadFromJsonAsync<JsonElement>();
        var orderId = checkout.GetProperty("orders")[0].GetProperty("id").GetGuid();

        var order = await world.OrderReachesAsync(orderId, "Cancelled");
        Assert.Contains("ledger", order.GetProperty("history").EnumerateArray().Last().GetProperty("actor").GetString(), StringComparison.Ordinal);
        await Eventually.TrueAsync(async () => await world.CatalogStockAsync(listing) == 20, Wait, "the stock to be released");
    }

    [Fact]
    public async Task A_disputed_order_is_resolved_by_an_administrator_to_a_refund_that_voids_the_hold()
    {
        var (staff, staffId) = await world.SignInAsync(Roles.Vendor);
        var vendorId = await world.RegisterVendorAsync(staff, staffId, "Disputed Bakers");
        var listing = await world.CreateListingAsync(staff, vendorId, stock: 3);
        var buyer = await world.NewBuyerAsync();
        var checkout = await (await buyer.Client.PostAsJsonAsync("/api/ordering/checkouts", Checkout("k-dispute", [(listing, 1)], [Credits(vendorId, buyer.AccountId)])))
            .Content.ReadFromJsonAsync<JsonElement>();
        var orderId = checkout.GetProperty("orders")[0].GetProperty("id").GetGuid();
        await world.OrderReachesAsync(orderId, "Paid");
        Assert.Equal(HttpStatusCode.OK, (await staff.PostAsync($"/api/ordering/orders/{orderId}/fulfil", null)).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await buyer.Client.PostAsJsonAsync($"/api/ordering/orders/{orderId}/dispute", new { reason = "Never arrived" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await buyer.Client.PostAsJsonAsync($"/api/ordering/orders/{orderId}/resolve", new { outcome = "refunded" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await world.Admin.PostAsJsonAsync($"/api/ordering/orders/{orderId}/resolve", new { outcome = "maybe" })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await buyer.Client.PostAsync($"/api/ordering/orders/{orderId}/confirm-receipt", null)).StatusCode);

        var resolved = await world.Admin.PostAsJsonAsync($"/api/ordering/orders/{orderId}/resolve", new { outcome = "refunded", reason = "Carrier lost it" });
        Assert.Equal(HttpStatusCode.OK, resolved.StatusCode);
        Assert.Equal("Refunded", (await resolved.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        await Eventually.TrueAsync(async () => (await world.AccountAsync(buyer.AccountId)).GetProperty("pendingDebits").GetInt64() == 0, Wait, "the hold to be voided");
        Assert.Equal(0, (await world.AccountAsync(buyer.AccountId)).GetProperty("balance").GetInt64());
    }

    [Fact]
    public async Task An_administrator_who_is_the_buyer_or_on_the_vendors_staff_may_not_resolve_the_dispute()
    {
        var (adminStaff, adminStaffId) = await world.SignInAsync(Roles.Admin);
        var vendorId = await world.RegisterVendorAsync(adminStaff, adminStaffId, "Administrator's Own Bakers");
        var listing = await world.CreateListingAsync(adminStaff, vendorId, stock: 5);
        var buyer = await world.NewBuyerAsync();
        var (adminBuyer, adminBuyerId) = await world.SignInAsync(Roles.Admin);
        var opened = await adminBuyer.PostAsJsonAsync("/api/ledger/accounts", new { exchangeId = "food", ownerId = Guid.NewGuid(), category = "Individual", holderUserIds = new[] { adminBuyerId } });
        Assert.True(opened.IsSuccessStatusCode, await opened.Content.ReadAsStringAsync());
        var adminBuyerAccount = (await opened.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        async Task<Guid> DisputedOrderAsync(HttpClient client, Guid account, string key)
        {
            var checkout = await (await client.PostAsJsonAsync("/api/ordering/checkouts", Checkout(key, [(listing, 1)], [Credits(vendorId, account)])))
                .Content.ReadFromJsonAsync<JsonElement>();
            var orderId = checkout.GetProperty("orders")[0].GetProperty("id").GetGuid();
            await world.OrderReachesAsync(orderId, "Paid");
            Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync($"/api/ordering/orders/{orderId}/dispute", new { reason = "Stale" })).StatusCode);
            return orderId;
        }

        var sold = await DisputedOrderAsync(buyer.Client, buyer.AccountId, "k-own-vendor");
        var bought = await DisputedOrderAsync(adminBuyer, adminBuyerAccount, "k-own-purchase");

        // Refused as a party to the order, by a type of its own (a client tells it from a plain 403: no Admin role).
        foreach (var refused in new[]
        {
            await adminStaff.PostAsJsonAsync($"/api/ordering/orders/{sold}/resolve", new { outcome = "completed" }),
            await adminBuyer.PostAsJsonAsync($"/api/ordering/orders/{bought}/resolve", new { outcome = "refunded" }),
        })
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.EndsWith("/not-impartial", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("type").GetString(), StringComparison.Ordinal);
        }

        Assert.Equal("Disputed", (await world.OrderAsync(world.Admin, sold)).GetProperty("status").GetString());
        Assert.Equal("Disputed", (await world.OrderAsync(world.Admin, bought)).GetProperty("status").GetString());

        // An administrator who is neither decides both.
        Assert.Equal(HttpStatusCode.OK, (await world.Admin.PostAsJsonAsync($"/api/ordering/orders/{sold}/resolve", new { outcome = "refunded" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await world.Admin.PostAsJsonAsync($"/api/ordering/orders/{bought}/resolve", new { outcome = "refunded" })).StatusCode);
    }

    [Fact]
    public async Task A_dispute_refunded_before_fulfilment_gives_the_stock_back_and_one_refunded_after_fulfilment_does_not()
    {
        var (staff, staffId) = await world.SignInAsync(Roles.Vendor);
        var vendorId = await world.RegisterVendorAsync(staff, staffId, "Undelivered Bakers");
        var unsent = await world.CreateListingAsync(staff, vendorId, stock: 3, title: "Never sent loaf");
        var shipped = await world.CreateListingAsync(staff, vendorId, stock: 3, title: "Shipped loaf");
        var buyer = await world.NewBuyerAsync();

        async Task<Guid> DisputedOrderAsync(string key, Guid listing, bool fulfil)
        {
            var checkout = await (await buyer.Client.PostAsJsonAsync("/api/ordering/checkouts", Checkout(key, [(listing, 1)], [Credits(vendorId, buyer.AccountId)])))
                .Content.ReadFromJsonAsync<JsonElement>();
            var orderId = checkout.GetProperty("orders")[0].GetProperty("id").GetGuid();
            await world.OrderReachesAsync(orderId, "Paid");
            if (fulfil)
            {
                Assert.Equal(HttpStatusCode.OK, (await staff.PostAsync($"/api/ordering/orders/{orderId}/fulfil", null)).StatusCode);
            }

            Assert.Equal(HttpStatusCode.OK, (await buyer.Client.PostAsJsonAsync($"/api/ordering/orders/{orderId}/dispute", new { reason = "Not what I expected" })).StatusCode);
            var resolved = await world.Admin.PostAsJsonAsync($"/api/ordering/orders/{orderId}/resolve", new { outcome = "refunded" });
            Assert.Equal(HttpStatusCode.OK, resolved.StatusCode);
            return orderId;
        }

        var unsentOrder = await DisputedOrderAsync("k-dispute-unsent", unsent, fulfil: false);
        var shippedOrder = await DisputedOrderAsync("k-dispute-shipped", shipped, fulfil: true);

        Assert.Equal((1, 0), (await world.SentAsync("catalog-release-stock", unsentOrder), await world.SentAsync("catalog-release-stock", shippedOrder)));
        await Eventually.TrueAsync(async () => await world.CatalogStockAsync(unsent) == 3, Wait, "the unsent loaf to be back on sale");
        Assert.Equal(2, await world.CatalogStockAsync(shipped));
    }

    [Fact]
    public async Task Order_lists_page_newest_or_oldest_first_with_the_total_so_a_vendor_reaches_its_oldest_orders()
    {
        var (staff, staffId) = await world.SignInAsync(Roles.Vendor);
        var vendorId = await world.RegisterVendorAsync(staff, staffId, "Paged Bakers");
        var listing = await world.CreateListingAsync(staff, vendorId, stock: 10);
        var buyer = await world.NewBuyerAsync();
        var placed = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            var checkout = await (await buyer.Client.PostAsJsonAsync("/api/ordering/checkouts", Checkout($"k-paged-{i}", [(listing, 1)], [Credits(vendorId, buyer.AccountId)])))
                .Content.ReadFromJsonAsync<JsonElement>();
            placed.Add(checkout.GetProperty("orders")[0].GetProperty("id").GetGuid());
        }

        static string Ids(params Guid[] ids) => string.Join(",", ids);

        async Task<(string Ids, string? Total)> ListAsync(HttpClient client, string path)
        {
            var response = await client.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            var ids = (await response.Content.ReadFromJsonAsync<List<JsonElement>>())!.Select(o => o.GetProperty("id").GetGuid()).ToArray();
            return (Ids(ids), response.Headers.TryGetValues("X-Total-Count", out var total) ? total.Single() : null);
        }

        var vendorOrders = $"/api/ordering/vendors/{vendorId}/orders";
        Assert.Equal((Ids(placed[2], placed[1]), "3"), await ListAsync(staff, $"{vendorOrders}?take=2"));
        Assert.Equal((Ids(placed[0]), "3"), await ListAsync(staff, $"{vendorOrders}?take=2&page=2"));
        Assert.Equal((Ids(placed[0], placed[1]), "3"), await ListAsync(staff, $"{vendorOrders}?take=2&order=oldest"));
        Assert.Equal((Ids(placed[0], placed[1], placed[2]), "3"), await ListAsync(buyer.Client, "/api/ordering/orders?order=oldest"));
        Assert.Equal((Ids(), "3"), await ListAsync(staff, $"{vendorOrders}?take=200&page={int.MaxValue}"));
        Assert.Equal(HttpStatusCode.BadRequest, (await staff.GetAsync($"{vendorOrders}?page=0")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await staff.GetAsync($"{vendorOrders}?order=sideways")).StatusCode);
    }

    [Fact]
    public async Task A_vendor_copy_that_missed_its_account_because_both_events_were_handled_at_once_still_takes_credits()
    {
        var (staff, staffId) = await world.SignInAsync(Roles.Vendor);
        var vendorId = await world.RegisterVendorAsync(staff, staffId, "Skewed Bakers");
        var listing = await world.CreateListingAsync(staff, vendorId, stock: 2);
        var buyer = await world.NewBuyerAsync();
        // The state a write skew leaves: VendorRegistered and CreditAccountOpened handled at the same moment, each
        // transaction blind to the other's row, so the vendor copy has no account while the account copy exists.
        var vendorAccount = await world.WithOrderingAsync(async db =>
        {
            await db.Vendors.Where(v => v.VendorId == vendorId).ExecuteUpdateAsync(u => u.SetProperty(v => v.CreditAccountId, (Guid?)null));
            return await db.CreditAccounts.Where(a => a.OwnerId == vendorId).Select(a => a.AccountId).SingleAsync();
        });

        var response = await buyer.Client.PostAsJsonAsync("/api/ordering/checkouts", Checkout("k-skew-1", [(listing, 1)], [Credits(vendorId, buyer.AccountId)]));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var orderId = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("orders")[0].GetProperty("id").GetGuid();
        Assert.Equal(vendorAccount, await world.WithOrderingAsync(db => db.Orders.Where(o => o.Id == orderId).Select(o => o.PayeeAccountId).SingleAsync()));
        await world.OrderReachesAsync(orderId, "Paid");
    }
}
