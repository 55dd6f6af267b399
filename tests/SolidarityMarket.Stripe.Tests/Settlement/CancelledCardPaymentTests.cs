using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SolidarityMarket.Contracts.Ordering;
using SolidarityMarket.Ordering.Consumers;
using SolidarityMarket.Ordering.Data;
using SolidarityMarket.Ordering.Orders;
using SolidarityMarket.Ordering.Payments;
using SolidarityMarket.Stripe.Tests.Gateway;
using SolidarityMarket.Stripe.Tests.Webhooks;
using SolidarityMarket.Testing;
using static SolidarityMarket.Stripe.Tests.Settlement.SettlementSeeds;

namespace SolidarityMarket.Stripe.Tests.Settlement;

/// <summary>
/// A checkout whose card orders all ended before the buyer paid has its PaymentIntent cancelled at Stripe (the real
/// Stripe.net client against the fake server), so the buyer can no longer pay it; one that succeeded meanwhile is
/// left to the success path's refund.
/// </summary>
public sealed class CancelledCardPaymentTests
{
    [Fact]
    public async Task A_checkout_whose_card_orders_all_ended_unpaid_has_its_payment_intent_cancelled()
    {
        await using var host = new WebhookHost();
        var checkoutId = Guid.NewGuid();
        var payment = await host.Gateway.CreatePaymentAsync(GatewayFixture.Payment(checkoutId, 5_000), CancellationToken.None);
        await SeedUnpaidCheckoutAsync(host, checkoutId, payment.PaymentId, OrderStatus.Cancelled, OrderStatus.Rejected);

        await SendAsync(host, Queues.AdjustCardPayment, new AdjustCardPayment(checkoutId));
        var checkout = await CheckoutWhenAsync(host, checkoutId, c => c.CardPaymentStatus == CardPaymentStatus.Canceled, "the payment to be cancelled");

        Assert.Null(checkout.CardClientSecret);
        var cancel = Assert.Single(host.Stripe.RequestsTo("POST", $"/v1/payment_intents/{payment.PaymentId}/cancel"));
        Assert.Equal((200, $"checkout-{checkoutId}-cancel-payment"), (cancel.Status, cancel.IdempotencyKey));
        Assert.Equal("canceled", host.Stripe.Snapshot(payment.PaymentId)["status"]!.GetValue<string>());
    }

    [Theory]
    [InlineData(new[] { OrderStatus.Cancelled, OrderStatus.PaymentPending }, false, true)]
    [InlineData(new[] { OrderStatus.Cancelled, OrderStatus.Paid }, false, true)]
    [InlineData(new[] { OrderStatus.Cancelled }, true, true)] // cancelled after the buyer paid: refunded, not cancelled
    [InlineData(new[] { OrderStatus.Cancelled, OrderStatus.Rejected }, false, false)]
    [InlineData(new[] { OrderStatus.Cancelled }, false, false)]
    public async Task A_payment_is_cancelled_only_when_no_claimed_card_order_can_still_be_paid_or_was_paid(OrderStatus[] statuses, bool paid, bool stillWanted)
    {
        await using var host = new WebhookHost();
        var checkoutId = Guid.NewGuid();
        await SeedUnpaidCheckoutAsync(host, checkoutId, "pi_seeded", statuses);
        await using var scope = host.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OrderingDbContext>();
        if (paid)
        {
            await db.Orders.Where(o => o.CheckoutId == checkoutId).ExecuteUpdateAsync(u => u.SetProperty(o => o.PaidAt, DateTimeOffset.UtcNow));
        }

        Assert.Equal(stillWanted, await AdjustCardPaymentConsumer.CardPaymentStillWantedAsync(db, checkoutId, CancellationToken.None));
    }

    [Fact]
    public async Task A_payment_intent_that_succeeded_before_the_cancel_is_left_to_the_refund_and_the_command_does_not_fault()
    {
        await using var host = new WebhookHost();
        var checkoutId = Guid.NewGuid();
        var payment = await host.Gateway.CreatePaymentAsync(GatewayFixture.Payment(checkoutId, 5_000), CancellationToken.None);
        await SeedUnpaidCheckoutAsync(host, checkoutId, payment.PaymentId, OrderStatus.Cancelled);
        host.Stripe.SucceedPayment(payment.PaymentId); // the buyer paid; the webhook has not arrived yet

        await SendAsync(host, Queues.AdjustCardPayment, new AdjustCardPayment(checkoutId));
        await Eventually.TrueAsync(() => Task.FromResult(host.Stripe.RequestsTo("GET", "/v1/payment_intents/" + payment.PaymentId).Count > 0), Wait, "the intent re-read after the refusal");

        var refused = Assert.Single(host.Stripe.RequestsTo("POST", $"/v1/payment_intents/{payment.PaymentId}/cancel"));
        Assert.Equal(400, refused.Status);
        var checkout = await CheckoutWhenAsync(host, checkoutId, _ => true, "the checkout");
        Assert.Equal(CardPaymentStatus.RequiresPaymentMethod, checkout.CardPaymentStatus);
        Assert.Equal("succeeded", host.Stripe.Snapshot(payment.PaymentId)["status"]!.GetValue<string>());
    }

    /// <summary>A checkout with a recorded, unpaid PaymentIntent of 5,000 and one claimed card order per status, sharing it.</summary>
    private static Task<List<Guid>> SeedUnpaidCheckoutAsync(WebhookHost host, Guid checkoutId, string paymentId, params OrderStatus[] statuses) =>
        SettlementSeeds.SeedUnpaidCheckoutAsync(host, checkoutId, paymentId, [.. statuses.Select(status => (5_000L / statuses.Length, status))]);

    private static async Task<Checkout> CheckoutWhenAsync(WebhookHost host, Guid checkoutId, Func<Checkout, bool> ready, string what) =>
        (await Eventually.GetAsync(async () =>
        {
            await using var scope = host.Factory.Services.CreateAsyncScope();
            var checkout = await scope.ServiceProvider.GetRequiredService<OrderingDbContext>().Checkouts.AsNoTracking().FirstAsync(c => c.Id == checkoutId);
            return ready(checkout) ? checkout : null;
        }, Wait, what))!;
}
