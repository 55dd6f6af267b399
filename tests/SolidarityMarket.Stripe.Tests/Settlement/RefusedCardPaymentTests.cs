using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SolidarityMarket.Contracts.Ordering;
using SolidarityMarket.Ordering.Data;
using SolidarityMarket.Ordering.Orders;
using SolidarityMarket.Stripe.Tests.Fake;
using SolidarityMarket.Stripe.Tests.Webhooks;
using static SolidarityMarket.Stripe.Tests.Settlement.SettlementSeeds;

namespace SolidarityMarket.Stripe.Tests.Settlement;

/// <summary>
/// Stripe refusing a checkout's PaymentIntent for good: the claimed orders are cancelled (stock released) rather than
/// the command faulting forever with the orders PaymentPending and their stock held until they expire.
/// </summary>
public sealed class RefusedCardPaymentTests
{
    [Fact]
    public async Task A_payment_stripe_refuses_for_good_cancels_the_claimed_orders()
    {
        await using var host = new WebhookHost();
        var checkoutId = Guid.NewGuid();
        var orderId = Guid.NewGuid();
        var now = DateTimeOffset.UtcNow;
        await using (var scope = host.Factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<OrderingDbContext>();
            db.Checkouts.Add(new Checkout { Id = checkoutId, BuyerUserId = "buyer", IdempotencyKey = "k-refused", RequestHash = "h", CreatedAt = now, CardPaymentRequested = true });
            db.Orders.Add(new Order
            {
                Id = orderId, CheckoutId = checkoutId, BuyerUserId = "buyer", VendorId = Guid.NewGuid(), PaymentMethod = PaymentMethod.Card,
                Status = OrderStatus.StockReserved, Total = 1_000, CreatedAt = now, UpdatedAt = now,
            });
            await db.SaveChangesAsync();
        }

        host.Stripe.Fail("POST", "/v1/payment_intents", FakeStripeError.Invalid("Amount must be at least $0.50 usd", "amount_too_small"), times: 100);

        await SendAsync(host, Queues.StartCardPayment, new StartCardPayment(checkoutId));
        var order = await OrderWhenAsync(host, orderId, o => o.Status == OrderStatus.Cancelled, "the refused payment's order to be cancelled");

        Assert.Contains(await HistoryAsync(host, orderId), h => (h.Reason ?? "").Contains("amount_too_small", StringComparison.Ordinal));
        Assert.True(order.InCardPayment);
        await using var check = host.Factory.Services.CreateAsyncScope();
        Assert.True(await check.ServiceProvider.GetRequiredService<OrderingDbContext>().OutboxMessages.AnyAsync(m => m.MessageType.EndsWith(".ReleaseStock") && m.Body.Contains(orderId.ToString())));
    }
}
