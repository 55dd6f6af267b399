using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SolidarityMarket.Contracts.Ordering;
using SolidarityMarket.Ordering.Data;
using SolidarityMarket.Ordering.Orders;
using SolidarityMarket.Stripe.Tests.Webhooks;
using SolidarityMarket.Testing;
using static SolidarityMarket.Stripe.Tests.Settlement.SettlementSeeds;

namespace SolidarityMarket.Stripe.Tests.Settlement;

/// <summary>
/// A checkout paying 14 co-ops by card: the order ids joined into one metadata value would pass Stripe's
/// 500-character limit (the fake enforces it as Stripe does), the PaymentIntent would be refused and the checkout stuck.
/// </summary>
public sealed class ManyCoopsCardPaymentTests
{
    [Fact]
    public async Task A_card_payment_for_14_co_ops_orders_is_made()
    {
        await using var host = new WebhookHost();
        var checkoutId = Guid.NewGuid();
        var now = DateTimeOffset.UtcNow;
        await using (var scope = host.Factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<OrderingDbContext>();
            db.Checkouts.Add(new Checkout { Id = checkoutId, BuyerUserId = "buyer", IdempotencyKey = "k-14", RequestHash = "h", CreatedAt = now, CardPaymentRequested = true });
            for (var i = 0; i < 14; i++)
            {
                db.Orders.Add(new Order
                {
                    Id = Guid.NewGuid(), CheckoutId = checkoutId, BuyerUserId = "buyer", VendorId = Guid.NewGuid(), PaymentMethod = PaymentMethod.Card,
                    Status = OrderStatus.StockReserved, Total = 1_000, CreatedAt = now, UpdatedAt = now,
                });
            }

            await db.SaveChangesAsync();
        }

        await SendAsync(host, Queues.StartCardPayment, new StartCardPayment(checkoutId));
        var checkout = await Eventually.GetAsync(async () =>
        {
            await using var scope = host.Factory.Services.CreateAsyncScope();
            var found = await scope.ServiceProvider.GetRequiredService<OrderingDbContext>().Checkouts.AsNoTracking().FirstAsync(c => c.Id == checkoutId);
            return found.CardPaymentId is null ? null : found;
        }, Wait, "the card payment to be made");

        var intent = host.Stripe.Get(checkout!.CardPaymentId!);
        Assert.Equal(14_000, intent["amount"]!.GetValue<long>());
        Assert.Equal(checkoutId.ToString(), intent["metadata"]!["checkout_id"]!.GetValue<string>());
        Assert.All(host.Stripe.RequestsTo("POST", "/v1/payment_intents"), r => Assert.Equal(200, r.Status));
    }
}
