using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SolidarityMarket.Contracts.Ordering;
using SolidarityMarket.Ordering.Orders;
using SolidarityMarket.Ordering.Payments;
using SolidarityMarket.ServiceDefaults.Auth;
using SolidarityMarket.Testing;
using static SolidarityMarket.Ordering.Tests.OrderingWorld;

namespace SolidarityMarket.Ordering.Tests;

/// <summary>
/// TEST DOUBLE around the simulated gateway: records every payment request and can hold the next
/// <c>CreatePaymentAsync</c> or <c>ChangePaymentAmountAsync</c> until the test releases it, so a test can change an
/// order (or pay) while the provider call is in flight. Everything else goes to the simulated gateway unchanged.
/// </summary>
public sealed class HeldPaymentCardGatewayTestDouble(SimulatedCardGateway inner) : ICardPaymentGateway
{
    private readonly Hold _create = new();
    private readonly Hold _change = new();

    public ConcurrentQueue<CardPaymentRequest> PaymentRequests { get; } = new();

    public string Name => inner.Name;

    /// <summary>The next payment request waits (before reaching the provider) until <see cref="Release"/>; the returned task completes when it is waiting.</summary>
    public Task HoldNextPayment() => _create.Arm();

    public void Release() => _create.Release();

    /// <summary>The next change of a payment's amount waits (before reaching the provider) until <see cref="ReleaseAmountChange"/>.</summary>
    public Task HoldNextAmountChange() => _change.Arm();

    public void ReleaseAmountChange() => _change.Release();

    public async Task<CardPayment> CreatePaymentAsync(CardPaymentRequest request, CancellationToken ct)
    {
        PaymentRequests.Enqueue(request);
        await _create.PassAsync(ct);
        return await inner.CreatePaymentAsync(request, ct);
    }

    public Task<CardPayment> CancelPaymentAsync(string paymentId, string idempotencyKey, CancellationToken ct) => inner.CancelPaymentAsync(paymentId, idempotencyKey, ct);

    public async Task<CardPayment> ChangePaymentAmountAsync(string paymentId, long amountCents, string idempotencyKey, CancellationToken ct)
    {
        await _change.PassAsync(ct);
        return await inner.ChangePaymentAmountAsync(paymentId, amountCents, idempotencyKey, ct);
    }

    public Task<CardPayment> GetPaymentAsync(string paymentId, CancellationToken ct) => inner.GetPaymentAsync(paymentId, ct);

    public Task<CardCharge> GetChargeAsync(string chargeId, CancellationToken ct) => inner.GetChargeAsync(chargeId, ct);

    public Task<CardRefundState> GetRefundAsync(string refundId, CancellationToken ct) => inner.GetRefundAsync(refundId, ct);

    public Task<VendorTransfer> TransferToVendorAsync(VendorTransferRequest request, CancellationToken ct) => inner.TransferToVendorAsync(request, ct);

    public Task<VendorTransfer?> FindTransferAsync(Guid checkoutId, Guid orderId, CancellationToken ct) => inner.FindTransferAsync(checkoutId, orderId, ct);

    public Task<CardRefund> RefundAsync(CardRefundRequest request, CancellationToken ct) => inner.RefundAsync(request, ct);

    public Task<ConnectedAccount> CreateConnectedAccountAsync(ConnectedAccountRequest request, CancellationToken ct) => inner.CreateConnectedAccountAsync(request, ct);

    public Task<Uri> CreateOnboardingLinkAsync(string accountId, Uri refreshUrl, Uri returnUrl, CancellationToken ct) =>
        inner.CreateOnboardingLinkAsync(accountId, refreshUrl, returnUrl, ct);

    public Task<ConnectedAccount> GetConnectedAccountAsync(string accountId, CancellationToken ct) => inner.GetConnectedAccountAsync(accountId, ct);

    public IAsyncEnumerable<BalanceTransactionLine> ListBalanceTransactionsAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken ct) =>
        inner.ListBalanceTransactionsAsync(from, to, ct);

    /// <summary>Holds the first call that passes once armed, until released; other calls pass at once.</summary>
    private sealed class Hold
    {
        private readonly Lock _gate = new();
        private TaskCompletionSource? _entered;
        private TaskCompletionSource? _release;

        public Task Arm()
        {
            lock (_gate)
            {
                _entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                return _entered.Task;
            }
        }

        public void Release()
        {
            lock (_gate)
            {
                _release?.TrySetResult();
            }
        }

        public async Task PassAsync(CancellationToken ct)
        {
            Task? wait = null;
            lock (_gate)
            {
                if (_entered is { Task.IsCompleted: false } entered)
                {
                    entered.TrySetResult();
                    wait = _release!.Task;
                }
            }

            if (wait is not null)
            {
                await wait.WaitAsync(ct);
            }
        }
    }
}

/// <summary>The marketplace with <see cref="HeldPaymentCardGatewayTestDouble"/> as Ordering's card gateway (simulated underneath).</summary>
public sealed class HeldPaymentWorld : OrderingWorld
{
    public HeldPaymentCardGatewayTestDouble Gateway => Factory.Services.GetRequiredService<HeldPaymentCardGatewayTestDouble>();

    public SimulatedCardGateway Simulated => Factory.Services.GetRequiredService<SimulatedCardGateway>();

    protected override WebApplicationFactory<Program> Customize(MarketplaceFactory marketplace) =>
        marketplace.WithWebHostBuilder(b => b.ConfigureTestServices(s =>
        {
            s.RemoveAll<ICardPaymentGateway>();
            s.AddSingleton(sp => new SimulatedCardGateway(sp.GetRequiredService<IServiceScopeFactory>(), sp.GetRequiredService<TimeProvider>()));
            s.AddSingleton(sp => new HeldPaymentCardGatewayTestDouble(sp.GetRequiredService<SimulatedCardGateway>()));
            s.AddSingleton<ICardPaymentGateway>(sp => sp.GetRequiredService<HeldPaymentCardGatewayTestDouble>());
        }));
}

/// <summary>
/// The checkout's card payment is asked for only after its orders are claimed: a cancellation while the provider
/// call is in flight cannot change what a retry of the call asks for under the same idempotency key.
/// </summary>
public sealed class CardPaymentClaimTests(HeldPaymentWorld world) : IClassFixture<HeldPaymentWorld>
{
    [Fact]
    public async Task An_order_cancelled_while_the_payment_is_being_created_keeps_the_key_with_one_amount_and_is_taken_off_the_payment_before_the_buyer_pays()
    {
        var inFlight = world.Gateway.HoldNextPayment();
        var (buyer, checkoutId, orders, vendorA, vendorB) = await TwoVendorCheckoutAsync("k-claim");

        // The payment request is at the provider's door: the buyer cancels co-op A's order, and it is committed.
        await inFlight.WaitAsync(Wait);
        Assert.Equal(HttpStatusCode.OK, (await buyer.PostAsJsonAsync($"/api/ordering/orders/{orders[vendorA]}/cancel", new { reason = "Changed my mind" })).StatusCode);
        world.Gateway.Release();

        var requests = await Eventually.GetAsync(async () =>
        {
            var sent = world.Gateway.PaymentRequests.Where(r => r.CheckoutId == checkoutId).ToList();
            var recorded = await world.WithOrderingAsync(db => db.Checkouts.AsNoTracking().AnyAsync(c => c.Id == checkoutId && c.CardPaymentId != null));
            return recorded || sent.Select(r => r.AmountCents).Distinct().Count() > 1 ? sent : null;
        }, Wait, "the payment to be recorded (or asked for again with another amount)");

        // Every attempt under the key asked for the same payment: what Stripe requires of a key (else idempotency_error).
        var asked = Assert.Single(requests.Select(r => (r.IdempotencyKey, r.AmountCents, Metadata: string.Join(";", r.Metadata.OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => $"{m.Key}={m.Value}")))).Distinct());
        Assert.Equal(($"checkout-{checkoutId}-payment", 6_000L), (asked.IdempotencyKey, asked.AmountCents));

        // Once recorded, the payment is lowered by co-op A's 2,000 before the buyer pays, and the buyer sees the new amount.
        var paymentId = await PaymentIdAsync(checkoutId);
        await Eventually.TrueAsync(async () => (await world.Simulated.GetPaymentAsync(paymentId, CancellationToken.None)).AmountCents == 4_000, Wait, "the payment lowered to 4,000");
        Assert.Equal(4_000L, (await buyer.GetFromJsonAsync<JsonElement>($"/api/ordering/checkouts/{checkoutId}")).GetProperty("card").GetProperty("amountCents").GetInt64());

        // The buyer pays 4,000: co-op B's order is paid; co-op A's was never charged, so nothing is refunded.
        var payment = await PayAsync(paymentId);
        Assert.Equal(4_000L, payment.AmountReceivedCents);
        await world.OrderReachesAsync(orders[vendorB], "Paid");
        var cancelled = await world.WithOrderingAsync(db => db.Orders.AsNoTracking().SingleAsync(o => o.Id == orders[vendorA]));
        Assert.Equal((OrderStatus.Cancelled, (DateTimeOffset?)null, (string?)null, (long?)4_000), (cancelled.Status, cancelled.PaidAt, cancelled.RefundId, cancelled.CardPaymentLoweredToCents));
        await Eventually.TrueAsync(async () => (await world.OrderAsync(world.Admin, orders[vendorB])).GetProperty("transferId").ValueKind == JsonValueKind.String, Wait, "co-op B's transfer");
        Assert.Equal(0, await world.WithOrderingAsync(db => db.SimulatedCardObjects.AsNoTracking().CountAsync(o => o.Kind == "refund" && o.Reference == paymentId)));
        Assert.Equal(0, await world.SentAsync("ordering-refund-card-order", orders[vendorA]));
    }

    [Fact]
    public async Task A_buyer_who_pays_before_the_lowering_reaches_the_provider_is_refunded_for_the_cancelled_order()
    {
        var (buyer, checkoutId, orders, vendorA, vendorB) = await TwoVendorCheckoutAsync("k-lower-late");
        var paymentId = await PaymentIdAsync(checkoutId);

        // Co-op A's order is cancelled; the lowering is recorded and held at the provider's door while the buyer pays 6,000.
        var changing = world.Gateway.HoldNextAmountChange();
        var adjusted = world.Factory.Services.GetRequiredService<IBus>().ConsumedAsync<AdjustCardPayment>(m => m.CheckoutId == checkoutId);
        Assert.Equal(HttpStatusCode.OK, (await buyer.PostAsJsonAsync($"/api/ordering/orders/{orders[vendorA]}/cancel", new { reason = "Changed my mind" })).StatusCode);
        await changing.WaitAsync(Wait);
        Assert.Equal(4_000L, await world.WithOrderingAsync(db => db.Orders.AsNoTracking().Where(o => o.Id == orders[vendorA]).Select(o => o.CardPaymentLoweredToCents).SingleAsync()));
        var payment = await PayAsync(paymentId);
        world.Gateway.ReleaseAmountChange();
        await adjusted.WaitAsync(Wait); // the refused change has been answered

        // The provider refuses the late change; what it received (6,000) says co-op A's order was charged: it is refunded.
        Assert.Equal(6_000L, payment.AmountReceivedCents);
        await world.OrderReachesAsync(orders[vendorB], "Paid");
        await Eventually.TrueAsync(async () => (await world.OrderAsync(world.Admin, orders[vendorA])).GetProperty("refundId").ValueKind == JsonValueKind.String, Wait, "the cancelled order's refund");
        var refund = await world.WithOrderingAsync(db => db.SimulatedCardObjects.AsNoTracking().SingleAsync(o => o.IdempotencyKey == $"order-{orders[vendorA]}-refund"));
        Assert.Equal(2_000, refund.AmountCents);
        Assert.Equal((CardPaymentStatus.Succeeded, 6_000L), ((await world.Simulated.GetPaymentAsync(paymentId, CancellationToken.None)).Status, (await world.Simulated.GetPaymentAsync(paymentId, CancellationToken.None)).AmountCents));
        Assert.Equal(6_000L, await world.WithOrderingAsync(db => db.Checkouts.AsNoTracking().Where(c => c.Id == checkoutId).Select(c => c.CardAmountReceivedCents).SingleAsync()));
    }

    [Fact]
    public async Task A_lowering_that_reaches_the_provider_after_a_later_one_is_corrected_to_the_recorded_amount()
    {
        var (buyer, checkoutId, orders, vendorA, vendorB, vendorC) = await ThreeVendorCheckoutAsync("k-lower-order");
        var paymentId = await PaymentIdAsync(checkoutId);
        var bothAdjusted = world.Factory.Services.GetRequiredService<IBus>().ConsumedAsync<AdjustCardPayment>(m => m.CheckoutId == checkoutId, count: 2);

        // Co-op A's lowering (to 6,000) is held at the provider's door; co-op B's (to 4,000) goes through first.
        var changing = world.Gateway.HoldNextAmountChange();
        Assert.Equal(HttpStatusCode.OK, (await buyer.PostAsJsonAsync($"/api/ordering/orders/{orders[vendorA]}/cancel", new { reason = "Changed my mind" })).StatusCode);
        await changing.WaitAsync(Wait);
        Assert.Equal(HttpStatusCode.OK, (await buyer.PostAsJsonAsync($"/api/ordering/orders/{orders[vendorB]}/cancel", new { reason = "Changed my mind" })).StatusCode);
        await Eventually.TrueAsync(async () => (await world.Simulated.GetPaymentAsync(paymentId, CancellationToken.None)).AmountCents == 4_000, Wait, "co-op B's lowering at the provider");

        // A's stale 6,000 lands last; its consumer reads the recorded 4,000 again and sets it.
        world.Gateway.ReleaseAmountChange();
        await bothAdjusted.WaitAsync(Wait);

        Assert.Equal(4_000L, (await world.Simulated.GetPaymentAsync(paymentId, CancellationToken.None)).AmountCents);
        Assert.Equal(4_000L, await world.WithOrderingAsync(db => db.Checkouts.AsNoTracking().Where(c => c.Id == checkoutId).Select(c => c.CardAmountCents).SingleAsync()));
        var payment = await PayAsync(paymentId);
        Assert.Equal(4_000L, payment.AmountReceivedCents);
        await world.OrderReachesAsync(orders[vendorC], "Paid");
        Assert.Equal(0, await world.WithOrderingAsync(db => db.Orders.AsNoTracking().CountAsync(o => o.CheckoutId == checkoutId && o.PaidAt != null && o.Status == OrderStatus.Cancelled)));
    }

    [Fact]
    public async Task Every_order_cancelled_while_the_payment_is_being_created_gets_the_payment_cancelled_once_it_is_recorded()
    {
        var (listingA, vendorA) = await CardVendorAsync("Abandon Co-op A");
        var (listingB, vendorB) = await CardVendorAsync("Abandon Co-op B");
        var buyer = await world.NewBuyerAsync();

        var inFlight = world.Gateway.HoldNextPayment();
        var response = await buyer.Client.PostAsJsonAsync("/api/ordering/checkouts", Checkout("k-claim-all", [(listingA, 1), (listingB, 1)], [Card(vendorA), Card(vendorB)]));
        var checkout = await response.Content.ReadFromJsonAsync<JsonElement>();
        var checkoutId = checkout.GetProperty("id").GetGuid();

        // Both orders are cancelled while the provider is being asked: their cancel commands find no payment yet.
        await inFlight.WaitAsync(Wait);
        foreach (var order in checkout.GetProperty("orders").EnumerateArray())
        {
            Assert.Equal(HttpStatusCode.OK, (await buyer.Client.PostAsJsonAsync($"/api/ordering/orders/{order.GetProperty("id").GetGuid()}/cancel", new { reason = "Changed my mind" })).StatusCode);
        }

        world.Gateway.Release();

        var paymentId = await Eventually.GetAsync(async () => await world.WithOrderingAsync(db => db.Checkouts.AsNoTracking()
            .Where(c => c.Id == checkoutId && c.CardPaymentStatus == CardPaymentStatus.Canceled).Select(c => c.CardPaymentId).FirstOrDefaultAsync()), Wait, "the payment recorded, then cancelled");
        Assert.Equal(CardPaymentStatus.Canceled, (await world.Simulated.GetPaymentAsync(paymentId!, CancellationToken.None)).Status);
        await Assert.ThrowsAsync<CardGatewayException>(() => world.Simulated.CompleteAsync(paymentId!, succeed: true, CancellationToken.None));
    }

    /// <summary>A card checkout of co-op A (1 × 2,000) and co-op B (2 × 2,000) by a new buyer; the orders by vendor.</summary>
    private async Task<(HttpClient Buyer, Guid CheckoutId, Dictionary<Guid, Guid> Orders, Guid VendorA, Guid VendorB)> TwoVendorCheckoutAsync(string key)
    {
        var (listingA, vendorA) = await CardVendorAsync(key + " Co-op A");
        var (listingB, vendorB) = await CardVendorAsync(key + " Co-op B");
        var buyer = await world.NewBuyerAsync();
        var response = await buyer.Client.PostAsJsonAsync("/api/ordering/checkouts", Checkout(key, [(listingA, 1), (listingB, 2)], [Card(vendorA), Card(vendorB)]));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var checkout = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (buyer.Client, checkout.GetProperty("id").GetGuid(), checkout.GetProperty("orders").EnumerateArray().ToDictionary(o => o.GetProperty("vendorId").GetGuid(), o => o.GetProperty("id").GetGuid()), vendorA, vendorB);
    }

    /// <summary>A card checkout of co-ops A and B (1 × 2,000 each) and C (2 × 2,000) by a new buyer; the orders by vendor.</summary>
    private async Task<(HttpClient Buyer, Guid CheckoutId, Dictionary<Guid, Guid> Orders, Guid VendorA, Guid VendorB, Guid VendorC)> ThreeVendorCheckoutAsync(string key)
    {
        var (listingA, vendorA) = await CardVendorAsync(key + " Co-op A");
        var (listingB, vendorB) = await CardVendorAsync(key + " Co-op B");
        var (listingC, vendorC) = await CardVendorAsync(key + " Co-op C");
        var buyer = await world.NewBuyerAsync();
        var response = await buyer.Client.PostAsJsonAsync("/api/ordering/checkouts",
            Checkout(key, [(listingA, 1), (listingB, 1), (listingC, 2)], [Card(vendorA), Card(vendorB), Card(vendorC)]));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var checkout = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (buyer.Client, checkout.GetProperty("id").GetGuid(),
            checkout.GetProperty("orders").EnumerateArray().ToDictionary(o => o.GetProperty("vendorId").GetGuid(), o => o.GetProperty("id").GetGuid()), vendorA, vendorB, vendorC);
    }

    private async Task<string> PaymentIdAsync(Guid checkoutId) =>
        (await Eventually.GetAsync(async () => await world.WithOrderingAsync(db => db.Checkouts.AsNoTracking()
            .Where(c => c.Id == checkoutId).Select(c => c.CardPaymentId).FirstOrDefaultAsync()), Wait, "the payment to be recorded"))!;

    /// <summary>The buyer pays through the simulated gateway, and Ordering is told, as the simulate endpoint does.</summary>
    private async Task<CardPayment> PayAsync(string paymentId)
    {
        var payment = await world.Simulated.CompleteAsync(paymentId, succeed: true, CancellationToken.None);
        await world.InScopeAsync(async sp =>
        {
            await sp.GetRequiredService<ICardPaymentEvents>().PaymentSucceededAsync(payment, CancellationToken.None);
            return 0;
        });
        return payment;
    }

    private async Task<(Guid Listing, Guid VendorId)> CardVendorAsync(string name)
    {
        var (staff, staffId) = await world.SignInAsync(Roles.Vendor);
        var vendorId = await world.RegisterVendorAsync(staff, staffId, name);
        await world.MakeCardReadyAsync(staff, vendorId);
        return (await world.CreateListingAsync(staff, vendorId, stock: 5), vendorId);
    }
}
