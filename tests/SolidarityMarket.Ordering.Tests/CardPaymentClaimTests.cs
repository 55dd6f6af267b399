using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SolidarityMarket.Ordering.Payments;
using SolidarityMarket.ServiceDefaults.Auth;
using SolidarityMarket.Testing;
using static SolidarityMarket.Ordering.Tests.OrderingWorld;

namespace SolidarityMarket.Ordering.Tests;

/// <summary>
/// TEST DOUBLE around the simulated gateway: records every payment request and can hold the next
/// <c>CreatePaymentAsync</c> until the test releases it, so a test can change an order while the provider call is
/// in flight. Everything else goes to the simulated gateway unchanged.
/// </summary>
public sealed class HeldPaymentCardGatewayTestDouble(SimulatedCardGateway inner) : ICardPaymentGateway
{
    private readonly Lock _gate = new();
    private TaskCompletionSource? _entered;
    private TaskCompletionSource? _release;

    public ConcurrentQueue<CardPaymentRequest> PaymentRequests { get; } = new();

    public string Name => inner.Name;

    /// <summary>The next payment request waits (before reaching the provider) until <see cref="Release"/>; the returned task completes when it is waiting.</summary>
    public Task HoldNextPayment()
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

    public async Task<CardPayment> CreatePaymentAsync(CardPaymentRequest request, CancellationToken ct)
    {
        PaymentRequests.Enqueue(request);
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

        return await inner.CreatePaymentAsync(request, ct);
    }

    public Task<CardPayment> CancelPaymentAsync(string paymentId, string idempotencyKey, CancellationToken ct) => inner.CancelPaymentAsync(paymentId, idempotencyKey, ct);

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
    public async Task An_order_cancelled_while_the_payment_is_being_created_leaves_the_other_payable_and_the_key_with_one_amount()
    {
        var (listingA, vendorA) = await CardVendorAsync("Claim Co-op A");
        var (listingB, vendorB) = await CardVendorAsync("Claim Co-op B");
        var buyer = await world.NewBuyerAsync();

        var inFlight = world.Gateway.HoldNextPayment();
        var response = await buyer.Client.PostAsJsonAsync("/api/ordering/checkouts", Checkout("k-claim", [(listingA, 1), (listingB, 2)], [Card(vendorA), Card(vendorB)]));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var checkout = await response.Content.ReadFromJsonAsync<JsonElement>();
        var checkoutId = checkout.GetProperty("id").GetGuid();
        var orders = checkout.GetProperty("orders").EnumerateArray().ToDictionary(o => o.GetProperty("vendorId").GetGuid(), o => o.GetProperty("id").GetGuid());

        // The payment request is at the provider's door: the buyer cancels co-op A's order, and it is committed.
        await inFlight.WaitAsync(Wait);
        Assert.Equal(HttpStatusCode.OK, (await buyer.Client.PostAsJsonAsync($"/api/ordering/orders/{orders[vendorA]}/cancel", new { reason = "Changed my mind" })).StatusCode);
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
        var card = (await buyer.Client.GetFromJsonAsync<JsonElement>($"/api/ordering/checkouts/{checkoutId}")).GetProperty("card");
        Assert.Equal(6_000L, card.GetProperty("amountCents").GetInt64());
        var paymentId = card.GetProperty("paymentId").GetString()!;

        // The buyer pays what they were asked: co-op B's order is paid, co-op A's (cancelled) part is refunded.
        var payment = await world.Simulated.CompleteAsync(paymentId, succeed: true, CancellationToken.None);
        Assert.Equal(6_000L, payment.AmountReceivedCents);
        await world.InScopeAsync(async sp =>
        {
            await sp.GetRequiredService<ICardPaymentEvents>().PaymentSucceededAsync(payment, CancellationToken.None);
            return 0;
        });

        await world.OrderReachesAsync(orders[vendorB], "Paid");
        await Eventually.TrueAsync(async () => (await world.OrderAsync(world.Admin, orders[vendorA])).GetProperty("refundId").ValueKind == JsonValueKind.String, Wait, "the cancelled order's refund");
        Assert.Equal("Cancelled", (await world.OrderAsync(world.Admin, orders[vendorA])).GetProperty("status").GetString());
        var refund = await world.WithOrderingAsync(db => db.SimulatedCardObjects.AsNoTracking().SingleAsync(o => o.IdempotencyKey == $"order-{orders[vendorA]}-refund"));
        Assert.Equal(2_000, refund.AmountCents);
        await Eventually.TrueAsync(async () => (await world.OrderAsync(world.Admin, orders[vendorB])).GetProperty("transferId").ValueKind == JsonValueKind.String, Wait, "co-op B's transfer");
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

    private async Task<(Guid Listing, Guid VendorId)> CardVendorAsync(string name)
    {
        var (staff, staffId) = await world.SignInAsync(Roles.Vendor);
        var vendorId = await world.RegisterVendorAsync(staff, staffId, name);
        await world.MakeCardReadyAsync(staff, vendorId);
        return (await world.CreateListingAsync(staff, vendorId, stock: 5), vendorId);
    }
}
