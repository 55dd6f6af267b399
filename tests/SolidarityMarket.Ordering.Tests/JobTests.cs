using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SolidarityMarket.Ordering.Jobs;
using SolidarityMarket.ServiceDefaults.Auth;
using SolidarityMarket.Testing;
using static SolidarityMarket.Ordering.Tests.OrderingWorld;

namespace SolidarityMarket.Ordering.Tests;

/// <summary>
/// The marketplace on a <see cref="FakeTimeProvider"/> shared by every module (registered last, so it wins), with a
/// 30-minute unpaid timeout and 14-day auto-completion. Hangfire keeps its own clock, so the host's recurring jobs are
/// taken off its schedule and the tests run the jobs themselves (<see cref="RunAsync{TJob}"/>).
/// </summary>
public sealed class FakeClockWorld : OrderingWorld
{
    public FakeClockWorld()
        : base(new Dictionary<string, string?> { ["Ordering:UnpaidOrderTimeout"] = "00:30:00", ["Ordering:AutoCompleteAfterDays"] = "14" })
    {
    }

    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    protected override WebApplicationFactory<Program> Customize(MarketplaceFactory marketplace) =>
        marketplace.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(Clock)));

    /// <summary>Starts the host and takes its recurring jobs off Hangfire's real-clock schedule (<see cref="RecurringJobsOff"/>).</summary>
    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        RecurringJobsOff.Unschedule(Factory.Services);
    }

    public Task<int> RunAsync<TJob>(Func<TJob, Task<int>> run)
        where TJob : notnull => InScopeAsync(sp => run(sp.GetRequiredService<TJob>()));
}

public sealed class JobTests(FakeClockWorld world) : IClassFixture<FakeClockWorld>
{
    [Fact]
    public async Task Unpaid_card_orders_expire_release_their_stock_and_their_payment_is_cancelled()
    {
        var (staff, staffId) = await world.SignInAsync(Roles.Vendor);
        var vendorId = await world.RegisterVendorAsync(staff, staffId, "Slow Payers Co-op");
        await world.MakeCardReadyAsync(staff, vendorId);
        var listing = await world.CreateListingAsync(staff, vendorId, stock: 5);
        var buyer = await world.NewBuyerAsync();
        var checkout = await (await buyer.Client.PostAsJsonAsync("/api/ordering/checkouts", Checkout("k-expire", [(listing, 2)], [Card(vendorId)])))
            .Content.ReadFromJsonAsync<JsonElement>();
        var checkoutId = checkout.GetProperty("id").GetGuid();
        var orderId = checkout.GetProperty("orders")[0].GetProperty("id").GetGuid();
        await world.OrderReachesAsync(orderId, "PaymentPending");
        Assert.Equal(3, await world.CatalogStockAsync(listing));

        world.Clock.Advance(TimeSpan.FromMinutes(29));
        await world.RunAsync<ExpireUnpaidOrders>(j => j.RunAsync(CancellationToken.None));
        Assert.Equal("PaymentPending", (await world.OrderAsync(world.Admin, orderId)).GetProperty("status").GetString());

        world.Clock.Advance(TimeSpan.FromMinutes(2));
        await world.RunAsync<ExpireUnpaidOrders>(j => j.RunAsync(CancellationToken.None));
        var expired = await world.OrderAsync(world.Admin, orderId);
        Assert.Equal(("Cancelled", "expiry"), (expired.GetProperty("status").GetString(), expired.GetProperty("history").EnumerateArray().Last().GetProperty("actor").GetString()));
        await Eventually.TrueAsync(async () => await world.CatalogStockAsync(listing) == 5, Wait, "the expired order's stock to be released");
        Assert.Equal(0, await world.RunAsync<ExpireUnpaidOrders>(j => j.RunAsync(CancellationToken.None)));

        // Its payment is cancelled, so the buyer can no longer pay it. (A payment made before the cancel reached the
        // provider is refunded: CardPaymentClaimTests and the Stripe tests cover that path.)
        await Eventually.TrueAsync(async () => (await buyer.Client.GetFromJsonAsync<JsonElement>($"/api/ordering/checkouts/{checkoutId}")).GetProperty("card").GetProperty("status").GetString() == "Canceled",
            Wait, "the expired order's payment to be cancelled");
        Assert.Equal(HttpStatusCode.Conflict, (await buyer.Client.PostAsJsonAsync($"/api/ordering/checkouts/{checkoutId}/simulated-payment", new { outcome = "succeed" })).StatusCode);
        Assert.Equal("Cancelled", (await world.OrderAsync(world.Admin, orderId)).GetProperty("status").GetString());
        Assert.Equal(0, await world.SentAsync("ordering-transfer-to-vendor", orderId));
    }

    [Fact]
    public async Task A_paid_card_order_not_fulfilled_by_the_deadline_is_cancelled_and_refunded_with_the_transfer_reversed()
    {
        var (staff, staffId) = await world.SignInAsync(Roles.Vendor);
        var vendorId = await world.RegisterVendorAsync(staff, staffId, "Overbooked Co-op");
        await world.MakeCardReadyAsync(staff, vendorId);
        var listing = await world.CreateListingAsync(staff, vendorId, stock: 5);
        var buyer = await world.NewBuyerAsync();
        var checkout = await (await buyer.Client.PostAsJsonAsync("/api/ordering/checkouts", Checkout("k-card-deadline", [(listing, 1)], [Card(vendorId)])))
            .Content.ReadFromJsonAsync<JsonElement>();
        var checkoutId = checkout.GetProperty("id").GetGuid();
        var orderId = checkout.GetProperty("orders")[0].GetProperty("id").GetGuid();
        await world.OrderReachesAsync(orderId, "PaymentPending");
        // The order is PaymentPending as soon as it is claimed for the payment, before the gateway's payment is
        // recorded; until then paying answers 409 no-card-payment (CI failed on that once, 2026-11-29).
        await Eventually.TrueAsync(() => world.WithOrderingAsync(db => db.Checkouts.AnyAsync(c => c.Id == checkoutId && c.CardPaymentId != null)), Wait, "the card payment");
        Assert.Equal(HttpStatusCode.OK, (await buyer.Client.PostAsJsonAsync($"/api/ordering/checkouts/{checkoutId}/simulated-payment", new { outcome = "succeed" })).StatusCode);
        await Eventually.TrueAsync(async () => (await world.OrderAsync(world.Admin, orderId)).GetProperty("transferId").ValueKind == JsonValueKind.String, Wait, "the co-op's transfer");

        world.Clock.Advance(TimeSpan.FromDays(14) + TimeSpan.FromMinutes(1));
        await world.RunAsync<CancelUnfulfilledOrders>(j => j.RunAsync(CancellationToken.None));

        await world.RefreshAdminAsync();
        await Eventually.TrueAsync(async () => (await world.OrderAsync(world.Admin, orderId)).GetProperty("refundId").ValueKind == JsonValueKind.String, Wait, "the refund");
        var order = await world.WithOrderingAsync(db => db.Orders.AsNoTracking().SingleAsync(o => o.Id == orderId));
        Assert.Equal(("Cancelled", true), (order.Status.ToString(), order.TransferReversalId is not null));
        var cancelled = await world.WithOrderingAsync(db => db.OutboxMessages.AsNoTracking()
            .Where(m => m.MessageType.EndsWith(".OrderCancelled") && m.Body.Contains(orderId.ToString())).Select(m => m.Body).SingleAsync());
        Assert.Contains("\"cancelledBy\":\"fulfilment-deadline\"", cancelled, StringComparison.Ordinal);
        await Eventually.TrueAsync(async () => await world.CatalogStockAsync(listing) == 5, Wait, "the stock to be released");
    }

    [Fact]
    public async Task Fulfilled_orders_complete_automatically_after_the_configured_days_and_post_the_credits()
    {
        var (staff, staffId) = await world.SignInAsync(Roles.Vendor);
        var vendorId = await world.RegisterVendorAsync(staff, staffId, "Patient Co-op");
        var listing = await world.CreateListingAsync(staff, vendorId, stock: 5);
        var buyer = await world.NewBuyerAsync();
        var checkout = await (await buyer.Client.PostAsJsonAsync("/api/ordering/checkouts", Checkout("k-auto", [(listing, 1)], [Credits(vendorId, buyer.AccountId)])))
            .Content.ReadFromJsonAsync<JsonElement>();
        var orderId = checkout.GetProperty("orders")[0].GetProperty("id").GetGuid();
        await world.OrderReachesAsync(orderId, "Paid");
        Assert.Equal(HttpStatusCode.OK, (await staff.PostAsync($"/api/ordering/orders/{orderId}/fulfil", null)).StatusCode);

        world.Clock.Advance(TimeSpan.FromDays(13));
        await world.RunAsync<AutoCompleteOrders>(j => j.RunAsync(CancellationToken.None));
        Assert.Equal("Fulfilled", await world.WithOrderingAsync(db => db.Orders.Where(o => o.Id == orderId).Select(o => o.Status.ToString()).SingleAsync()));

        world.Clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));
        Assert.Equal(1, await world.RunAsync<AutoCompleteOrders>(j => j.RunAsync(CancellationToken.None)));
        Assert.Equal(0, await world.RunAsync<AutoCompleteOrders>(j => j.RunAsync(CancellationToken.None)));

        await world.RefreshAdminAsync();
        var completed = await world.OrderAsync(world.Admin, orderId);
        Assert.Equal(("Completed", "auto-complete"), (completed.GetProperty("status").GetString(), completed.GetProperty("history").EnumerateArray().Last().GetProperty("actor").GetString()));
        await Eventually.TrueAsync(async () => (await world.AccountAsync(buyer.AccountId)).GetProperty("balance").GetInt64() == -1_500, Wait, "the credits to be posted");
        Assert.Equal(1, await world.SentAsync("ledger-post-hold", orderId));
    }
}
