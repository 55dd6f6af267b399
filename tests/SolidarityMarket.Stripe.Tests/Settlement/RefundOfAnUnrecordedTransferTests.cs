using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SolidarityMarket.Contracts.Ordering;
using SolidarityMarket.Ordering.Data;
using SolidarityMarket.Ordering.Orders;
using SolidarityMarket.Ordering.Payments;
using SolidarityMarket.Stripe.Tests.Gateway;
using SolidarityMarket.Stripe.Tests.Webhooks;
using SolidarityMarket.Testing;

namespace SolidarityMarket.Stripe.Tests.Settlement;

/// <summary>
/// Ordering's refund command against the fake Stripe server through Stripe.net, for an order whose co-op transfer
/// was made at Stripe but never recorded (a crash between the two). The refund must find that transfer and reverse
/// it — never ask to create it again: Stripe forgets idempotency keys after a day, and then the same key makes a
/// second transfer (and the refund would reverse that one, leaving the co-op paid for a refunded order). The transfer
/// command redelivered that late must likewise find the transfer rather than make another.
/// </summary>
public sealed class RefundOfAnUnrecordedTransferTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData(2 * 24 * 60)] // claimed two days ago: Stripe has forgotten the transfer's idempotency key
    [InlineData(1)] // claimed a minute ago: the key is still known, and the lookup finds the transfer anyway
    public async Task The_refund_reverses_the_transfer_it_finds_and_never_asks_to_create_one(int claimedMinutesAgo)
    {
        await using var host = new WebhookHost();
        var checkoutId = Guid.NewGuid();
        var orderId = Guid.NewGuid();
        var (payment, chargeId, accountId) = await PaidCheckoutAsync(host, checkoutId, 5_000);

        // Another order of the same checkout was transferred too (and is not this order's transfer).
        var other = await host.Gateway.TransferToVendorAsync(
            new VendorTransferRequest(Guid.NewGuid(), checkoutId, accountId, 900, "usd", chargeId, $"order-{Guid.NewGuid()}-transfer"), CancellationToken.None);
        var made = await host.Gateway.TransferToVendorAsync(
            new VendorTransferRequest(orderId, checkoutId, accountId, 4_500, "usd", chargeId, $"order-{orderId}-transfer"), CancellationToken.None);
        await SeedPaidOrderWithUnrecordedTransferAsync(host, checkoutId, orderId, payment.PaymentId, chargeId, accountId, DateTimeOffset.UtcNow.AddMinutes(-claimedMinutesAgo));
        if (claimedMinutesAgo > 24 * 60)
        {
            host.Stripe.ForgetIdempotencyKeys();
        }

        var transfersBefore = host.Stripe.RequestsTo("POST", "/v1/transfers").Count;

        var endpoint = await host.Factory.Services.GetRequiredService<IBus>().GetSendEndpoint(new Uri($"queue:{Queues.RefundCardOrder}"));
        await endpoint.Send(new RefundCardOrder(orderId));
        var refunded = await Eventually.GetAsync(() => OrderAsync(host, orderId, o => o.RefundId is not null), Wait, "the refund to be recorded");

        Assert.Equal(transfersBefore, host.Stripe.RequestsTo("POST", "/v1/transfers").Count);
        Assert.NotEmpty(host.Stripe.RequestsTo("GET", "/v1/transfers"));
        Assert.All(host.Stripe.RequestsTo("GET", "/v1/transfers"), r => Assert.Equal(checkoutId.ToString(), r.Form["transfer_group"]));
        Assert.Equal(made.TransferId, refunded!.TransferId);
        Assert.Single(host.Stripe.RequestsTo("POST", $"/v1/transfers/{made.TransferId}/reversals"));
        Assert.Equal(4_500, host.Stripe.Get(made.TransferId)["amount_reversed"]!.GetValue<long>());
        Assert.Equal(0, host.Stripe.Get(other.TransferId)["amount_reversed"]!.GetValue<long>());
        Assert.Equal(5_000, host.Stripe.Get(chargeId)["amount_refunded"]!.GetValue<long>());
        Assert.Equal(500, refunded.PlatformFeeCents);
    }

    [Fact]
    public async Task A_refund_a_day_after_a_claim_that_never_became_a_transfer_reverses_nothing_and_creates_nothing()
    {
        await using var host = new WebhookHost();
        var checkoutId = Guid.NewGuid();
        var orderId = Guid.NewGuid();
        var (payment, chargeId, accountId) = await PaidCheckoutAsync(host, checkoutId, 5_000);
        await SeedPaidOrderWithUnrecordedTransferAsync(host, checkoutId, orderId, payment.PaymentId, chargeId, accountId, DateTimeOffset.UtcNow.AddDays(-2));

        var endpoint = await host.Factory.Services.GetRequiredService<IBus>().GetSendEndpoint(new Uri($"queue:{Queues.RefundCardOrder}"));
        await endpoint.Send(new RefundCardOrder(orderId));
        var refunded = await Eventually.GetAsync(() => OrderAsync(host, orderId, o => o.RefundId is not null), Wait, "the refund to be recorded");

        Assert.Empty(host.Stripe.RequestsTo("POST", "/v1/transfers"));
        Assert.DoesNotContain(host.Stripe.Requests, r => r.Path.EndsWith("/reversals", StringComparison.Ordinal));
        Assert.Null(refunded!.TransferId);
        Assert.Null(refunded.TransferReversalId);
        Assert.Equal(5_000, host.Stripe.Get(chargeId)["amount_refunded"]!.GetValue<long>());

    }

    [Fact]
    public async Task A_transfer_command_redelivered_a_day_after_its_claim_records_the_transfer_it_finds_and_makes_no_second()
    {
        await using var host = new WebhookHost();
        var checkoutId = Guid.NewGuid();
        var orderId = Guid.NewGuid();
        var (payment, chargeId, accountId) = await PaidCheckoutAsync(host, checkoutId, 5_000);
        var made = await host.Gateway.TransferToVendorAsync(
            new VendorTransferRequest(orderId, checkoutId, accountId, 4_500, "usd", chargeId, $"order-{orderId}-transfer"), CancellationToken.None);
        await SeedPaidOrderWithUnrecordedTransferAsync(host, checkoutId, orderId, payment.PaymentId, chargeId, accountId, DateTimeOffset.UtcNow.AddDays(-2), OrderStatus.Paid);
        host.Stripe.ForgetIdempotencyKeys();

        var endpoint = await host.Factory.Services.GetRequiredService<IBus>().GetSendEndpoint(new Uri($"queue:{Queues.TransferToVendor}"));
        await endpoint.Send(new TransferToVendor(orderId));
        var recorded = await Eventually.GetAsync(() => OrderAsync(host, orderId, o => o.TransferId is not null), Wait, "the transfer to be recorded");

        Assert.Equal(made.TransferId, recorded!.TransferId);
        Assert.Single(host.Stripe.RequestsTo("POST", "/v1/transfers"));
        Assert.Equal(500, recorded.PlatformFeeCents);
    }

    private static async Task<(CardPayment Payment, string ChargeId, string AccountId)> PaidCheckoutAsync(WebhookHost host, Guid checkoutId, long amountCents)
    {
        var payment = await host.Gateway.CreatePaymentAsync(GatewayFixture.Payment(checkoutId, amountCents), CancellationToken.None);
        var chargeId = host.Stripe.SucceedPayment(payment.PaymentId);
        var account = await host.Gateway.CreateConnectedAccountAsync(new ConnectedAccountRequest(Guid.NewGuid(), "coop@test.coop", "US", $"vendor-{Guid.NewGuid()}"), CancellationToken.None);
        host.Stripe.EnableAccount(account.AccountId);
        return (payment, chargeId, account.AccountId);
    }

    /// <summary>A paid card order (cancelled unless told), whose transfer was claimed at <paramref name="claimedAt"/> but whose id was never recorded.</summary>
    private static async Task SeedPaidOrderWithUnrecordedTransferAsync(
        WebhookHost host, Guid checkoutId, Guid orderId, string paymentId, string chargeId, string accountId, DateTimeOffset claimedAt,
        OrderStatus status = OrderStatus.Cancelled)
    {
        await using var scope = host.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OrderingDbContext>();
        var vendorId = Guid.NewGuid();
        var now = DateTimeOffset.UtcNow;
        db.Vendors.Add(new VendorCopy { VendorId = vendorId, Name = "Unrecorded Transfer Co-op", MembershipCategory = "SolidarityEconomyInitiative", StripeAccountId = accountId, ChargesEnabled = true, UpdatedAt = now });
        db.Checkouts.Add(new Checkout
        {
            Id = checkoutId, BuyerUserId = "buyer", IdempotencyKey = "k", RequestHash = "h", CreatedAt = now, CardPaymentRequested = true, CardGateway = "stripe",
            CardPaymentId = paymentId, CardPaymentStatus = CardPaymentStatus.Succeeded, CardAmountCents = 5_000, CardChargeId = chargeId, CardChargedAt = now,
        });
        db.Orders.Add(new Order
        {
            Id = orderId, CheckoutId = checkoutId, BuyerUserId = "buyer", VendorId = vendorId, PaymentMethod = PaymentMethod.Card, Status = status,
            Total = 5_000, InCardPayment = true, PlatformFeeCents = 500, PaidAt = claimedAt, TransferClaimedAt = claimedAt, CreatedAt = claimedAt, UpdatedAt = now,
        });
        await db.SaveChangesAsync();
    }

    private static async Task<Order?> OrderAsync(WebhookHost host, Guid orderId, Func<Order, bool> ready)
    {
        await using var scope = host.Factory.Services.CreateAsyncScope();
        var order = await scope.ServiceProvider.GetRequiredService<OrderingDbContext>().Orders.AsNoTracking().FirstAsync(o => o.Id == orderId);
        return ready(order) ? order : null;
    }
}
