using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SolidarityMarket.Contracts.Catalog;
using SolidarityMarket.Contracts.Ledger;
using SolidarityMarket.Ordering.Payments;
using SolidarityMarket.ServiceDefaults.Auth;
using SolidarityMarket.Testing;
using static SolidarityMarket.Ordering.Tests.OrderingWorld;

namespace SolidarityMarket.Ordering.Tests;

/// <summary>
/// Duplicate and out-of-order messages, published onto the real (in-memory) bus so Ordering's consumers handle them
/// as they would a redelivery or a late answer; each test waits for the consumer's inbox row, then checks the effect.
/// </summary>
public sealed class MessageHandlingTests(OrderingWorld world) : IClassFixture<OrderingWorld>
{
    private async Task PublishAndWaitAsync<T>(T message, string consumer, Guid? messageId = null)
        where T : class
    {
        var id = messageId ?? Guid.NewGuid();
        await world.Bus.Publish(message, c => c.MessageId = id);
        await Eventually.TrueAsync(() => world.WithOrderingAsync(db => db.InboxMessages.AnyAsync(m => m.MessageId == id && m.Consumer == consumer)), Wait, $"{consumer} to handle {typeof(T).Name}");
    }

    private async Task<(Guid OrderId, Guid Listing, HttpClient Staff, Buyer Buyer)> PaidCreditsOrderAsync(string name)
    {
        var (staff, staffId) = await world.SignInAsync(Roles.Vendor);
        var vendorId = await world.RegisterVendorAsync(staff, staffId, name);
        var listing = await world.CreateListingAsync(staff, vendorId, stock: 5);
        var buyer = await world.NewBuyerAsync();
        var checkout = await (await buyer.Client.PostAsJsonAsync("/api/ordering/checkouts", Checkout($"k-{name}", [(listing, 1)], [Credits(vendorId, buyer.AccountId)])))
            .Content.ReadFromJsonAsync<JsonElement>();
        var orderId = checkout.GetProperty("orders")[0].GetProperty("id").GetGuid();
        await world.OrderReachesAsync(orderId, "Paid");
        return (orderId, listing, staff, buyer);
    }

    private Task<int> HistoryCountAsync(Guid orderId) => world.WithOrderingAsync(db => db.OrderHistory.CountAsync(h => h.OrderId == orderId));

    [Fact]
    public async Task A_redelivered_or_repeated_stock_reservation_and_credit_hold_change_nothing()
    {
        var (orderId, listing, _, _) = await PaidCreditsOrderAsync("Duplicate Co-op");
        var history = await HistoryCountAsync(orderId);
        var reserved = new StockReserved(orderId, [new StockLine(listing, 1)], DateTimeOffset.UtcNow);
        var sameId = Guid.NewGuid();

        await PublishAndWaitAsync(reserved, "ordering.stock-reserved", sameId);
        await PublishAndWaitAsync(reserved, "ordering.stock-reserved", sameId);
        await PublishAndWaitAsync(new CreditsHeld(orderId, orderId, 1_500, 0, null), "ordering.credits-held");
        await PublishAndWaitAsync(new StockReservationRejected(orderId, [new RejectedStockLine(listing, "insufficient-stock")], DateTimeOffset.UtcNow), "ordering.stock-reservation-rejected");
        await PublishAndWaitAsync(new CreditHoldRejected(orderId, orderId, "ExceedsDebitLimit", "late"), "ordering.credit-hold-rejected");

        Assert.Equal("Paid", (await world.OrderAsync(world.Admin, orderId)).GetProperty("status").GetString());
        Assert.Equal(history, await HistoryCountAsync(orderId));
        Assert.Equal(1, await world.SentAsync("ledger-hold-credits", orderId));
        Assert.Equal(0, await world.SentAsync("ledger-void-hold", orderId));
        Assert.Equal(0, await world.SentAsync("catalog-release-stock", orderId));
    }

    [Fact]
    public async Task A_hold_or_reservation_arriving_after_cancellation_is_given_back()
    {
        var (orderId, listing, _, buyer) = await PaidCreditsOrderAsync("Late Co-op");
        Assert.Equal(HttpStatusCode.OK, (await buyer.Client.PostAsync($"/api/ordering/orders/{orderId}/cancel", null)).StatusCode);
        Assert.Equal((1, 1), (await world.SentAsync("ledger-void-hold", orderId), await world.SentAsync("catalog-release-stock", orderId)));

        await PublishAndWaitAsync(new CreditsHeld(orderId, orderId, 1_500, 0, null), "ordering.credits-held");
        await PublishAndWaitAsync(new StockReserved(orderId, [new StockLine(listing, 1)], DateTimeOffset.UtcNow), "ordering.stock-reserved");

        Assert.Equal((2, 2), (await world.SentAsync("ledger-void-hold", orderId), await world.SentAsync("catalog-release-stock", orderId)));
        Assert.Equal("Cancelled", (await world.OrderAsync(world.Admin, orderId)).GetProperty("status").GetString());
        // Catalog and Ledger apply each give-back once: the stock is back to 5 and nothing is held, not "more than back".
        await Eventually.TrueAsync(async () => await world.CatalogStockAsync(listing) == 5, Wait, "the stock to be released");
        await Eventually.TrueAsync(async () => (await world.AccountAsync(buyer.AccountId)).GetProperty("pendingDebits").GetInt64() == 0, Wait, "the hold to be voided");
        Assert.Equal(5, await world.CatalogStockAsync(listing));
    }

    [Fact]
    public async Task Listing_snapshots_keep_the_highest_version_whatever_order_they_arrive_in()
    {
        var listingId = Guid.NewGuid();
        var vendorId = Guid.NewGuid();
        ListingChanged Snapshot(int version, string title, int stock) => new(listingId, vendorId, title, "Good", "Published", "kg", 100 * version, null, stock, version, DateTimeOffset.UtcNow);

        await PublishAndWaitAsync(Snapshot(5, "Version five", 50), "ordering.copy-listing");
        await PublishAndWaitAsync(Snapshot(3, "Version three", 30), "ordering.copy-listing");
        await PublishAndWaitAsync(Snapshot(4, "Version four", 40), "ordering.copy-listing");

        var copy = await world.WithOrderingAsync(db => db.Listings.AsNoTracking().SingleAsync(l => l.ListingId == listingId));
        Assert.Equal((5, "Version five", 50, 500L), (copy.Version, copy.Title, copy.Stock!.Value, copy.PriceCents!.Value));

        await PublishAndWaitAsync(Snapshot(6, "Version six", 60), "ordering.copy-listing");
        Assert.Equal("Version six", await world.WithOrderingAsync(db => db.Listings.AsNoTracking().Where(l => l.ListingId == listingId).Select(l => l.Title).SingleAsync()));
    }

    [Fact]
    public async Task A_credit_account_announced_before_its_vendor_is_kept_and_an_individuals_account_makes_no_vendor()
    {
        var vendorId = Guid.NewGuid();
        var accountId = Guid.NewGuid();
        var individual = Guid.NewGuid();

        await PublishAndWaitAsync(new CreditAccountOpened(accountId, vendorId, "food", 100_000, 200_000, DateTimeOffset.UtcNow), "ordering.copy-credit-account");
        await PublishAndWaitAsync(new CreditAccountOpened(Guid.NewGuid(), individual, "food", 20_000, 40_000, DateTimeOffset.UtcNow), "ordering.copy-credit-account");
        await PublishAndWaitAsync(new VendorRegistered(vendorId, "Early Account Co-op", "Individual", "food", ["staff-1"], DateTimeOffset.UtcNow), "ordering.copy-registered-vendor");

        var vendor = await world.WithOrderingAsync(db => db.Vendors.AsNoTracking().SingleAsync(v => v.VendorId == vendorId));
        Assert.Equal((accountId, "Individual", "staff-1"), (vendor.CreditAccountId!.Value, vendor.MembershipCategory, vendor.StaffUserIds.Single()));
        Assert.False(await world.WithOrderingAsync(db => db.Vendors.AnyAsync(v => v.VendorId == individual)));
        Assert.True(await world.WithOrderingAsync(db => db.CreditAccounts.AnyAsync(a => a.OwnerId == individual)));
    }

    [Fact]
    public async Task Connected_account_updates_apply_the_latest_observation_and_publish_it_once()
    {
        var vendorId = Guid.NewGuid();
        await PublishAndWaitAsync(new VendorRegistered(vendorId, "Stripe Co-op", "SolidarityEconomyInitiative", "food", ["staff-2"], DateTimeOffset.UtcNow), "ordering.copy-registered-vendor");
        var t0 = DateTimeOffset.UtcNow;
        var metadata = new Dictionary<string, string> { ["vendor_id"] = vendorId.ToString() };

        async Task ApplyAsync(bool charges, DateTimeOffset at) =>
            await world.InScopeAsync(async sp =>
            {
                await sp.GetRequiredService<ICardPaymentEvents>().ConnectedAccountUpdatedAsync(new ConnectedAccount("acct_test_1", charges, charges, metadata), at, CancellationToken.None);
                return 0;
            });

        await ApplyAsync(true, t0.AddMinutes(2));
        await ApplyAsync(false, t0.AddMinutes(1));
        await ApplyAsync(true, t0.AddMinutes(2));

        var vendor = await world.WithOrderingAsync(db => db.Vendors.AsNoTracking().SingleAsync(v => v.VendorId == vendorId));
        Assert.Equal(("acct_test_1", true, t0.AddMinutes(2)), (vendor.StripeAccountId, vendor.ChargesEnabled, vendor.PaymentAccountObservedAt!.Value));
        Assert.Equal(1, await world.WithOrderingAsync(db => db.OutboxMessages.CountAsync(m => m.MessageType.EndsWith(".VendorPaymentAccountUpdated") && m.Body.Contains(vendorId.ToString()))));
    }

    [Fact]
    public async Task A_settlement_the_ledger_refuses_is_noted_in_the_history_without_changing_the_status_and_unknown_orders_are_ignored()
    {
        var (orderId, _, _, _) = await PaidCreditsOrderAsync("Noted Co-op");
        var history = await HistoryCountAsync(orderId);

        await PublishAndWaitAsync(new CreditSettlementRejected(orderId, orderId, "post", "PendingNotFound", "expired"), "ordering.credit-settlement-rejected");
        await PublishAndWaitAsync(new CreditsHeld(Guid.NewGuid(), Guid.NewGuid(), 100, 0, null), "ordering.credits-held");

        var order = await world.OrderAsync(world.Admin, orderId);
        Assert.Equal("Paid", order.GetProperty("status").GetString());
        Assert.Equal(history + 1, await HistoryCountAsync(orderId));
        Assert.Contains("PendingNotFound", order.GetProperty("history").EnumerateArray().Last().GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_void_that_finds_no_hold_is_noted_but_not_put_on_the_attention_list_while_a_refused_post_is()
    {
        // A cancelled order's VoidHold can overtake its HoldCredits (separate queues): the ledger answers PendingNotFound,
        // and the late CreditsHeld is compensated with another void, so nothing needs settling by hand.
        var (orderId, _, _, _) = await PaidCreditsOrderAsync("Overtaken Co-op");
        var history = await HistoryCountAsync(orderId);

        await PublishAndWaitAsync(new CreditSettlementRejected(orderId, orderId, "void", "PendingNotFound", "no hold yet"), "ordering.credit-settlement-rejected");
        var voided = await world.OrderAsync(world.Admin, orderId);
        Assert.Equal(history + 1, await HistoryCountAsync(orderId));
        Assert.Equal(JsonValueKind.Null, voided.GetProperty("settlementProblem").ValueKind);

        await PublishAndWaitAsync(new CreditSettlementRejected(orderId, orderId, "post", "PendingNotFound", "no hold"), "ordering.credit-settlement-rejected");
        var posted = await world.OrderAsync(world.Admin, orderId);
        Assert.Contains("PendingNotFound", posted.GetProperty("settlementProblem").GetString(), StringComparison.Ordinal);
    }
}
