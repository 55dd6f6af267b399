using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SolidarityMarket.Ordering.Data;
using SolidarityMarket.Ordering.Orders;
using SolidarityMarket.Ordering.Payments;
using SolidarityMarket.Stripe.Tests.Gateway;
using SolidarityMarket.Stripe.Tests.Webhooks;
using SolidarityMarket.Testing;

namespace SolidarityMarket.Stripe.Tests.Settlement;

/// <summary>A paid checkout at the fake Stripe server and its card order in Ordering's database, for the settlement commands.</summary>
public static class SettlementSeeds
{
    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    public static async Task<(CardPayment Payment, string ChargeId, string AccountId)> PaidCheckoutAsync(WebhookHost host, Guid checkoutId, long amountCents)
    {
        var payment = await host.Gateway.CreatePaymentAsync(GatewayFixture.Payment(checkoutId, amountCents), CancellationToken.None);
        var chargeId = host.Stripe.SucceedPayment(payment.PaymentId);
        var account = await host.Gateway.CreateConnectedAccountAsync(new ConnectedAccountRequest(Guid.NewGuid(), "coop@test.coop", "US", $"vendor-{Guid.NewGuid()}"), CancellationToken.None);
        host.Stripe.EnableAccount(account.AccountId);
        return (payment, chargeId, account.AccountId);
    }

    /// <summary>A paid card order of 5,000 cents (fee 500 unless told) in <paramref name="status"/>, transferred as <paramref name="transferId"/> when given.</summary>
    public static async Task SeedOrderAsync(
        WebhookHost host, Guid checkoutId, Guid orderId, string paymentId, string chargeId, string accountId, OrderStatus status, string? transferId, long? feeCents = 500)
    {
        await using var scope = host.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OrderingDbContext>();
        var vendorId = Guid.NewGuid();
        var now = DateTimeOffset.UtcNow;
        db.Vendors.Add(new VendorCopy { VendorId = vendorId, Name = "Settlement Co-op", MembershipCategory = "SolidarityEconomyInitiative", StripeAccountId = accountId, ChargesEnabled = true, UpdatedAt = now });
        db.Checkouts.Add(new Checkout
        {
            Id = checkoutId, BuyerUserId = "buyer", IdempotencyKey = "k", RequestHash = "h", CreatedAt = now, CardPaymentRequested = true, CardGateway = "stripe",
            CardPaymentId = paymentId, CardPaymentStatus = CardPaymentStatus.Succeeded, CardAmountCents = 5_000, CardChargeId = chargeId, CardChargedAt = now,
        });
        db.Orders.Add(new Order
        {
            Id = orderId, CheckoutId = checkoutId, BuyerUserId = "buyer", VendorId = vendorId, PaymentMethod = PaymentMethod.Card, Status = status,
            Total = 5_000, InCardPayment = true, PlatformFeeCents = feeCents, PaidAt = now,
            TransferClaimedAt = transferId is null ? null : now, TransferId = transferId, TransferredAt = transferId is null ? null : now,
            CreatedAt = now, UpdatedAt = now,
        });
        await db.SaveChangesAsync();
    }

    /// <summary>A checkout with a recorded, unpaid PaymentIntent and one claimed card order per (total, status); the order ids in that order.</summary>
    public static async Task<List<Guid>> SeedUnpaidCheckoutAsync(WebhookHost host, Guid checkoutId, string paymentId, params (long Total, OrderStatus Status)[] orders)
    {
        await using var scope = host.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OrderingDbContext>();
        var now = DateTimeOffset.UtcNow;
        db.Checkouts.Add(new Checkout
        {
            Id = checkoutId, BuyerUserId = "buyer", IdempotencyKey = "k-" + checkoutId, RequestHash = "h", CreatedAt = now, CardPaymentRequested = true, CardGateway = "stripe",
            CardPaymentId = paymentId, CardPaymentStatus = CardPaymentStatus.RequiresPaymentMethod, CardAmountCents = orders.Sum(o => o.Total), CardClientSecret = paymentId + "_secret_fake",
        });
        var ids = new List<Guid>();
        foreach (var (total, status) in orders)
        {
            var vendorId = Guid.NewGuid();
            db.Vendors.Add(new VendorCopy { VendorId = vendorId, Name = "Lowering Co-op", MembershipCategory = "SolidarityEconomyInitiative", UpdatedAt = now });
            var order = new Order
            {
                Id = Guid.NewGuid(), CheckoutId = checkoutId, BuyerUserId = "buyer", VendorId = vendorId, PaymentMethod = PaymentMethod.Card, Status = status,
                Total = total, InCardPayment = true, CreatedAt = now, UpdatedAt = now,
            };
            db.Orders.Add(order);
            ids.Add(order.Id);
        }

        await db.SaveChangesAsync();
        return ids;
    }

    public static async Task SendAsync<T>(WebhookHost host, string queue, T message)
        where T : class
    {
        var endpoint = await host.Factory.Services.GetRequiredService<IBus>().GetSendEndpoint(new Uri($"queue:{queue}"));
        await endpoint.Send(message);
    }

    /// <summary>Waits until the order satisfies <paramref name="ready"/>.</summary>
    public static async Task<Order> OrderWhenAsync(WebhookHost host, Guid orderId, Func<Order, bool> ready, string what) =>
        (await Eventually.GetAsync(() => OrderAsync(host, orderId, ready), Wait, what))!;

    public static async Task<List<OrderHistoryEntry>> HistoryAsync(WebhookHost host, Guid orderId)
    {
        await using var scope = host.Factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<OrderingDbContext>().OrderHistory.AsNoTracking().Where(h => h.OrderId == orderId).ToListAsync();
    }

    private static async Task<Order?> OrderAsync(WebhookHost host, Guid orderId, Func<Order, bool> ready)
    {
        await using var scope = host.Factory.Services.CreateAsyncScope();
        var order = await scope.ServiceProvider.GetRequiredService<OrderingDbContext>().Orders.AsNoTracking().FirstAsync(o => o.Id == orderId);
        return ready(order) ? order : null;
    }
}
