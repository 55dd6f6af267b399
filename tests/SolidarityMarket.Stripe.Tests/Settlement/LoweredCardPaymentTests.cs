using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SolidarityMarket.Contracts.Ordering;
using SolidarityMarket.Ordering.Data;
using SolidarityMarket.Ordering.Jobs;
using SolidarityMarket.Ordering.Orders;
using SolidarityMarket.Ordering.Payments;
using SolidarityMarket.Stripe.Tests.Gateway;
using SolidarityMarket.Stripe.Tests.Webhooks;
using SolidarityMarket.Testing;
using static SolidarityMarket.Stripe.Tests.Settlement.SettlementSeeds;

namespace SolidarityMarket.Stripe.Tests.Settlement;

/// <summary>
/// A checkout's card order that ends before the buyer pays is taken off the PaymentIntent's amount at Stripe (the real
/// Stripe.net client against the fake server), so the buyer is not charged for it and nothing is refunded (Stripe keeps
/// its fee on a refunded charge). Which orders a success charged for is decided from the amount Stripe received.
/// </summary>
public sealed class LoweredCardPaymentTests
{
    [Fact]
    public async Task A_card_order_cancelled_before_the_buyer_paid_is_taken_off_the_payment_intent_and_never_charged()
    {
        await using var host = new WebhookHost(realOrderSide: true);
        var checkoutId = Guid.NewGuid();
        var payment = await host.Gateway.CreatePaymentAsync(GatewayFixture.Payment(checkoutId, 6_000), CancellationToken.None);
        var orders = await SeedUnpaidCheckoutAsync(host, checkoutId, payment.PaymentId, (1_000, OrderStatus.PaymentPending), (2_000, OrderStatus.Cancelled), (3_000, OrderStatus.PaymentPending));

        await SendAsync(host, Queues.AdjustCardPayment, new AdjustCardPayment(checkoutId));
        await Eventually.TrueAsync(() => Task.FromResult(host.Stripe.Snapshot(payment.PaymentId)["amount"]!.GetValue<long>() == 4_000), Wait, "the intent lowered to 4,000");

        var update = Assert.Single(host.Stripe.RequestsTo("POST", "/v1/payment_intents/" + payment.PaymentId));
        Assert.Equal((200, "4000"), (update.Status, update.Form["amount"]));
        Assert.Matches($"^checkout-{checkoutId}-amount-4000-[0-9a-f]{{32}}-1$", update.IdempotencyKey);
        Assert.Equal(4_000L, (await CheckoutAsync(host, checkoutId)).CardAmountCents);
        Assert.Equal(4_000L, (await OrderAsync(host, orders[1])).CardPaymentLoweredToCents);

        // The buyer pays what the intent asks now; Ordering applies the success on the re-read intent, as the webhook does.
        host.Stripe.SucceedPayment(payment.PaymentId);
        await SucceededAsync(host, payment.PaymentId);

        Assert.Equal((OrderStatus.Paid, OrderStatus.Paid), ((await OrderAsync(host, orders[0])).Status, (await OrderAsync(host, orders[2])).Status));
        var cancelled = await OrderAsync(host, orders[1]);
        Assert.Equal((OrderStatus.Cancelled, (DateTimeOffset?)null, (string?)null), (cancelled.Status, cancelled.PaidAt, cancelled.RefundId));
        Assert.Equal(4_000L, (await CheckoutAsync(host, checkoutId)).CardAmountReceivedCents);
        Assert.Empty(host.Stripe.RequestsTo("POST", "/v1/refunds"));

        // The daily reconciliation expects the charge Stripe made: 4,000.
        await using var scope = host.Factory.Services.CreateAsyncScope();
        var recorded = await RecordedCardMovements.LoadAsync(scope.ServiceProvider.GetRequiredService<OrderingDbContext>(), DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddHours(1), CancellationToken.None);
        Assert.Equal(4_000L, Assert.Single(recorded.Expected, e => e.CheckoutId == checkoutId).ChargeCents);
    }

    [Fact]
    public async Task Three_orders_cancelled_at_once_leave_the_intent_at_the_last_orders_amount_and_none_of_them_is_charged()
    {
        await using var host = new WebhookHost(realOrderSide: true);
        var checkoutId = Guid.NewGuid();
        var payment = await host.Gateway.CreatePaymentAsync(GatewayFixture.Payment(checkoutId, 10_000), CancellationToken.None);
        var orders = await SeedUnpaidCheckoutAsync(host, checkoutId, payment.PaymentId,
            (1_000, OrderStatus.PaymentPending), (2_000, OrderStatus.PaymentPending), (3_000, OrderStatus.PaymentPending), (4_000, OrderStatus.PaymentPending));

        // Each cancellation commits and sends its command, all at once: the lowerings race each other to Stripe.
        await Task.WhenAll(orders.Take(3).Select(async id =>
        {
            await using var scope = host.Factory.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<OrderingDbContext>().Orders.Where(o => o.Id == id)
                .ExecuteUpdateAsync(u => u.SetProperty(o => o.Status, OrderStatus.Cancelled).SetProperty(o => o.Version, o => o.Version + 1));
            await SendAsync(host, Queues.AdjustCardPayment, new AdjustCardPayment(checkoutId));
        }));

        await Eventually.TrueAsync(async () => host.Stripe.Snapshot(payment.PaymentId)["amount"]!.GetValue<long>() == 4_000
            && (await CheckoutAsync(host, checkoutId)).CardAmountCents == 4_000, Wait, "the intent and the checkout at 4,000");
        // Each lowering took its orders off what was left: an order's lowered-to amount is 10,000 less every order
        // taken off in the same lowering or before it (those with a lowered-to amount at least as high).
        var taken = new List<(long Total, long LoweredTo)>();
        foreach (var (id, total) in orders.Take(3).Zip([1_000L, 2_000L, 3_000L]))
        {
            taken.Add((total, (await OrderAsync(host, id)).CardPaymentLoweredToCents ?? -1));
        }

        Assert.All(taken, t => Assert.Equal(10_000 - taken.Where(o => o.LoweredTo >= t.LoweredTo).Sum(o => o.Total), t.LoweredTo));

        Assert.All(host.Stripe.RequestsTo("POST", "/v1/payment_intents/" + payment.PaymentId), r => Assert.Equal(200, r.Status));
        host.Stripe.SucceedPayment(payment.PaymentId);
        await SucceededAsync(host, payment.PaymentId);

        Assert.Equal(OrderStatus.Paid, (await OrderAsync(host, orders[3])).Status);
        foreach (var id in orders.Take(3))
        {
            var order = await OrderAsync(host, id);
            Assert.Equal((OrderStatus.Cancelled, (DateTimeOffset?)null), (order.Status, order.PaidAt));
        }
    }

    [Fact]
    public async Task A_lowering_that_would_go_below_the_card_minimum_leaves_the_intent_and_a_payment_refunds_the_order()
    {
        await using var host = new WebhookHost(realOrderSide: true);
        var checkoutId = Guid.NewGuid();
        var payment = await host.Gateway.CreatePaymentAsync(GatewayFixture.Payment(checkoutId, 70), CancellationToken.None);
        var orders = await SeedUnpaidCheckoutAsync(host, checkoutId, payment.PaymentId, (30, OrderStatus.Cancelled), (40, OrderStatus.PaymentPending));
        var consumed = host.Factory.Services.GetRequiredService<IBus>().ConsumedAsync<AdjustCardPayment>(m => m.CheckoutId == checkoutId);

        await SendAsync(host, Queues.AdjustCardPayment, new AdjustCardPayment(checkoutId));
        await consumed.WaitAsync(Wait);

        Assert.Empty(host.Stripe.RequestsTo("POST", "/v1/payment_intents/" + payment.PaymentId));
        Assert.Equal(70L, host.Stripe.Snapshot(payment.PaymentId)["amount"]!.GetValue<long>());
        Assert.Null((await OrderAsync(host, orders[0])).CardPaymentLoweredToCents);
        Assert.Equal(70L, (await CheckoutAsync(host, checkoutId)).CardAmountCents);

        host.Stripe.SucceedPayment(payment.PaymentId);
        await SucceededAsync(host, payment.PaymentId);
        var refunded = await OrderWhenAsync(host, orders[0], o => o.RefundId is not null, "the cancelled order's refund");
        Assert.Equal("30", Assert.Single(host.Stripe.RequestsTo("POST", "/v1/refunds")).Form["amount"]);
        Assert.Equal(OrderStatus.Cancelled, refunded.Status);
    }

    [Fact]
    public async Task A_start_command_redelivered_after_the_payment_was_recorded_lowers_it_for_orders_cancelled_meanwhile()
    {
        await using var host = new WebhookHost(realOrderSide: true);
        var checkoutId = Guid.NewGuid();
        var payment = await host.Gateway.CreatePaymentAsync(GatewayFixture.Payment(checkoutId, 3_000), CancellationToken.None);
        // The process stopped after recording the payment and before sending the adjustment: the order cancelled
        // during the provider call is still counted in the amount.
        var orders = await SeedUnpaidCheckoutAsync(host, checkoutId, payment.PaymentId, (1_000, OrderStatus.Cancelled), (2_000, OrderStatus.PaymentPending));

        await SendAsync(host, Queues.StartCardPayment, new StartCardPayment(checkoutId));

        await Eventually.TrueAsync(() => Task.FromResult(host.Stripe.Snapshot(payment.PaymentId)["amount"]!.GetValue<long>() == 2_000), Wait, "the intent lowered to 2,000");
        Assert.Equal(2_000L, (await OrderAsync(host, orders[0])).CardPaymentLoweredToCents);
        Assert.Single(host.Stripe.RequestsTo("POST", "/v1/payment_intents")); // no second payment
    }

    [Fact]
    public async Task A_lowering_left_undone_during_authentication_is_made_when_the_payment_fails()
    {
        await using var host = new WebhookHost(realOrderSide: true);
        var checkoutId = Guid.NewGuid();
        var payment = await host.Gateway.CreatePaymentAsync(GatewayFixture.Payment(checkoutId, 3_000), CancellationToken.None);
        var orders = await SeedUnpaidCheckoutAsync(host, checkoutId, payment.PaymentId, (1_000, OrderStatus.Cancelled), (2_000, OrderStatus.PaymentPending));

        // The lowering to 2,000 was recorded while the buyer was in 3-D Secure, so the intent kept 3,000; then the card
        // was declined and the intent is open again.
        await using (var scope = host.Factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<OrderingDbContext>();
            await db.Orders.Where(o => o.Id == orders[0]).ExecuteUpdateAsync(u => u.SetProperty(o => o.CardPaymentLoweredToCents, 2_000L));
            await db.Checkouts.Where(c => c.Id == checkoutId).ExecuteUpdateAsync(u => u.SetProperty(c => c.CardAmountCents, 2_000L));
        }

        host.Stripe.FailPayment(payment.PaymentId);
        await using (var scope = host.Factory.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<ICardPaymentEvents>().PaymentFailedAsync(
                await host.Gateway.GetPaymentAsync(payment.PaymentId, CancellationToken.None), CancellationToken.None);
        }

        await Eventually.TrueAsync(() => Task.FromResult(host.Stripe.Snapshot(payment.PaymentId)["amount"]!.GetValue<long>() == 2_000), Wait, "the intent lowered to 2,000");
        Assert.Equal("Your card was declined.", (await CheckoutAsync(host, checkoutId)).CardFailureMessage);
    }

    [Fact]
    public async Task A_failure_notice_read_before_the_payment_was_cancelled_does_not_reopen_it()
    {
        await using var host = new WebhookHost(realOrderSide: true);
        var checkoutId = Guid.NewGuid();
        var payment = await host.Gateway.CreatePaymentAsync(GatewayFixture.Payment(checkoutId, 1_000), CancellationToken.None);
        await SeedUnpaidCheckoutAsync(host, checkoutId, payment.PaymentId, (1_000, OrderStatus.Cancelled));
        host.Stripe.FailPayment(payment.PaymentId);
        // The payment_intent.payment_failed webhook re-reads the intent (open again, with its client secret)...
        var stale = await host.Gateway.GetPaymentAsync(payment.PaymentId, CancellationToken.None);

        // ...then Ordering cancels it, every card order in it having ended...
        await SendAsync(host, Queues.CancelCardPayment, new CancelCardPayment(checkoutId));
        await Eventually.TrueAsync(async () => (await CheckoutAsync(host, checkoutId)).CardPaymentStatus == CardPaymentStatus.Canceled, Wait, "the payment cancelled");

        // ...and only then does the webhook apply what it read.
        await using (var scope = host.Factory.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<ICardPaymentEvents>().PaymentFailedAsync(stale, CancellationToken.None);
        }

        var checkout = await CheckoutAsync(host, checkoutId);
        Assert.Equal(CardPaymentStatus.Canceled, checkout.CardPaymentStatus);
        Assert.Null(checkout.CardClientSecret);
        Assert.Equal("canceled", host.Stripe.Snapshot(payment.PaymentId)["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_cancel_command_of_the_previous_release_is_still_carried_out()
    {
        await using var host = new WebhookHost(realOrderSide: true);
        var checkoutId = Guid.NewGuid();
        var payment = await host.Gateway.CreatePaymentAsync(GatewayFixture.Payment(checkoutId, 3_000), CancellationToken.None);
        await SeedUnpaidCheckoutAsync(host, checkoutId, payment.PaymentId, (1_000, OrderStatus.Cancelled), (2_000, OrderStatus.PaymentPending));

        await SendAsync(host, Queues.CancelCardPayment, new CancelCardPayment(checkoutId));

        await Eventually.TrueAsync(() => Task.FromResult(host.Stripe.Snapshot(payment.PaymentId)["amount"]!.GetValue<long>() == 2_000), Wait, "the intent lowered to 2,000");
    }

    /// <summary>What the <c>payment_intent.succeeded</c> webhook does: re-read the intent, then apply it.</summary>
    private static async Task SucceededAsync(WebhookHost host, string paymentId)
    {
        await using var scope = host.Factory.Services.CreateAsyncScope();
        var fresh = await host.Gateway.GetPaymentAsync(paymentId, CancellationToken.None);
        await scope.ServiceProvider.GetRequiredService<ICardPaymentEvents>().PaymentSucceededAsync(fresh, CancellationToken.None);
    }

    private static async Task<Checkout> CheckoutAsync(WebhookHost host, Guid checkoutId)
    {
        await using var scope = host.Factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<OrderingDbContext>().Checkouts.AsNoTracking().FirstAsync(c => c.Id == checkoutId);
    }

    private static async Task<Order> OrderAsync(WebhookHost host, Guid orderId)
    {
        await using var scope = host.Factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<OrderingDbContext>().Orders.AsNoTracking().FirstAsync(o => o.Id == orderId);
    }
}
