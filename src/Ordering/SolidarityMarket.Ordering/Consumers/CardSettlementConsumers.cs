using System.Globalization;
using MassTransit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SolidarityMarket.Contracts.Ordering;
using SolidarityMarket.Ordering.Data;
using SolidarityMarket.Ordering.Orders;
using SolidarityMarket.Ordering.Payments;

namespace SolidarityMarket.Ordering.Consumers;

// Ordering's own commands that call the card provider. They are plain consumers (no inbox transaction): the provider
// call must not sit inside a database transaction, and it needs no inbox because every call carries an idempotency
// key derived from a domain id — a redelivery gets the same payment, transfer or refund back and records it again.
// A concurrent change of the same order/checkout fails the save on its concurrency token; the bus retries the whole
// command, which re-reads and asks the provider again (same key, same answer).

/// <summary>Creates the checkout's one card payment for its card orders whose stock is reserved; they become PaymentPending.</summary>
public sealed class StartCardPaymentConsumer(
    OrderingDbContext db, ICardPaymentGateway gateway, OrderWorkflow workflow, IOptions<OrderingOptions> options, ILogger<StartCardPaymentConsumer> logger)
    : IConsumer<StartCardPayment>
{
    public async Task Consume(ConsumeContext<StartCardPayment> context)
    {
        var ct = context.CancellationToken;
        var checkout = await db.Checkouts.FirstOrDefaultAsync(c => c.Id == context.Message.CheckoutId, ct);
        if (checkout is null || checkout.CardPaymentId is not null)
        {
            return;
        }

        var orders = await db.Orders.Where(o => o.CheckoutId == checkout.Id && o.PaymentMethod == PaymentMethod.Card && o.Status == OrderStatus.StockReserved).ToListAsync(ct);
        if (orders.Count == 0)
        {
            logger.LogInformation("Checkout {CheckoutId}: no card order has its stock; no payment", checkout.Id);
            return;
        }

        var amount = orders.Sum(o => o.Total);
        var metadata = new Dictionary<string, string>
        {
            ["checkout_id"] = checkout.Id.ToString(),
            ["order_ids"] = string.Join(",", orders.Select(o => o.Id)),
        };
        var payment = await gateway.CreatePaymentAsync(
            new CardPaymentRequest(checkout.Id, amount, options.Value.Currency, $"checkout-{checkout.Id}-payment",
                $"SolidarityMarket checkout {checkout.Id} ({orders.Count.ToString(CultureInfo.InvariantCulture)} orders)", metadata), ct);

        checkout.CardGateway = gateway.Name;
        checkout.CardPaymentId = payment.PaymentId;
        checkout.CardPaymentStatus = payment.Status;
        checkout.CardAmountCents = payment.AmountCents;
        checkout.CardClientSecret = payment.ClientSecret;
        checkout.Version++;
        foreach (var order in orders)
        {
            order.InCardPayment = true;
            await workflow.ApplyAsync(order, OrderTrigger.PaymentStarted, Actors.Card, $"card payment {payment.PaymentId}", ct);
        }

        await db.SaveChangesAsync(ct);
    }
}

/// <summary>Pays the co-op its share of a paid card order: the order's total minus the platform fee.</summary>
public sealed class TransferToVendorConsumer(OrderingDbContext db, ICardPaymentGateway gateway, IOptions<OrderingOptions> options, ILogger<TransferToVendorConsumer> logger)
    : IConsumer<TransferToVendor>
{
    public async Task Consume(ConsumeContext<TransferToVendor> context)
    {
        var ct = context.CancellationToken;
        var order = await db.Orders.FirstOrDefaultAsync(o => o.Id == context.Message.OrderId, ct);
        if (order is null || order.TransferId is not null || order.PaidAt is null || order.PaymentMethod != PaymentMethod.Card
            || order.Status is OrderStatus.Cancelled or OrderStatus.Refunded)
        {
            // Already transferred, or refunded before the co-op was paid (the refund then has nothing to reverse).
            return;
        }

        var checkout = await db.Checkouts.AsNoTracking().FirstAsync(c => c.Id == order.CheckoutId, ct);
        var vendor = await db.Vendors.AsNoTracking().FirstAsync(v => v.VendorId == order.VendorId, ct);
        if (vendor.StripeAccountId is null || checkout.CardChargeId is null)
        {
            throw new InvalidOperationException($"Order {order.Id}: no connected account or charge to transfer from; retried, then left in the error queue for an operator.");
        }

        var fee = order.PlatformFeeCents ?? options.Value.PlatformFee(order.Total, vendor.MembershipCategory);
        var transfer = await gateway.TransferToVendorAsync(
            new VendorTransferRequest(order.Id, order.CheckoutId, vendor.StripeAccountId, order.Total - fee, options.Value.Currency, checkout.CardChargeId, $"order-{order.Id}-transfer"), ct);
        order.TransferId = transfer.TransferId;
        order.PlatformFeeCents = fee;
        order.Version++;
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Order {OrderId}: transferred {Amount} cents to {Account}", order.Id, transfer.AmountCents, vendor.StripeAccountId);
    }
}

/// <summary>Refunds a cancelled or refunded card order in full and reverses the co-op's transfer when there was one.</summary>
public sealed class RefundCardOrderConsumer(OrderingDbContext db, ICardPaymentGateway gateway, ILogger<RefundCardOrderConsumer> logger)
    : IConsumer<RefundCardOrder>
{
    public async Task Consume(ConsumeContext<RefundCardOrder> context)
    {
        var ct = context.CancellationToken;
        var order = await db.Orders.FirstOrDefaultAsync(o => o.Id == context.Message.OrderId, ct);
        if (order is null || order.RefundId is not null || order.PaymentMethod != PaymentMethod.Card)
        {
            return;
        }

        var checkout = await db.Checkouts.AsNoTracking().FirstAsync(c => c.Id == order.CheckoutId, ct);
        if (checkout.CardPaymentId is null)
        {
            return;
        }

        var reversal = order.TransferId is null ? 0 : order.Total - (order.PlatformFeeCents ?? 0);
        var refund = await gateway.RefundAsync(new CardRefundRequest(order.Id, checkout.CardPaymentId, order.Total, order.TransferId, reversal, $"order-{order.Id}-refund"), ct);
        order.RefundId = refund.RefundId;
        order.Version++;
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Order {OrderId}: refunded {Amount} cents ({Refund}), transfer reversal {Reversal}", order.Id, order.Total, refund.RefundId, refund.TransferReversalId);
    }
}
