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

/// <summary>
/// Pays the co-op its share of a paid card order: the order's total minus the platform fee. The transfer is first
/// claimed on the order (a save under its concurrency token), so a cancellation either happens before the claim (and
/// no transfer is made) or after it (and the refund reverses the transfer, see <see cref="RefundCardOrderConsumer"/>).
/// </summary>
public sealed class TransferToVendorConsumer(
    OrderingDbContext db, ICardPaymentGateway gateway, IOptions<OrderingOptions> options, TimeProvider time, ILogger<TransferToVendorConsumer> logger)
    : IConsumer<TransferToVendor>
{
    public async Task Consume(ConsumeContext<TransferToVendor> context)
    {
        var ct = context.CancellationToken;
        var order = await db.Orders.FirstOrDefaultAsync(o => o.Id == context.Message.OrderId, ct);
        if (order is null || order.TransferId is not null || order.PaidAt is null || order.PaymentMethod != PaymentMethod.Card)
        {
            return;
        }

        if (order.TransferClaimedAt is null)
        {
            if (order.Status is OrderStatus.Cancelled or OrderStatus.Refunded)
            {
                // Cancelled before the co-op was paid: the refund has nothing to reverse.
                return;
            }

            order.TransferClaimedAt = time.GetUtcNow();
            order.Version++;
            await db.SaveChangesAsync(ct);
        }

        var request = await VendorTransfers.RequestAsync(db, order, options.Value, ct);
        var transfer = await gateway.TransferToVendorAsync(request, ct);
        if (order.TransferId is null)
        {
            order.TransferId = transfer.TransferId;
            order.TransferredAt = time.GetUtcNow();
            order.PlatformFeeCents = order.Total - request.AmountCents;
            order.Version++;
            await db.SaveChangesAsync(ct);
        }

        logger.LogInformation("Order {OrderId}: transferred {Amount} cents to {Account}", order.Id, transfer.AmountCents, request.DestinationAccountId);
    }
}

/// <summary>Builds an order's transfer request the same way every time, so its idempotency key always means the same transfer.</summary>
public static class VendorTransfers
{
    public static async Task<VendorTransferRequest> RequestAsync(OrderingDbContext db, Order order, OrderingOptions options, CancellationToken ct)
    {
        var checkout = await db.Checkouts.AsNoTracking().FirstAsync(c => c.Id == order.CheckoutId, ct);
        var vendor = await db.Vendors.AsNoTracking().FirstAsync(v => v.VendorId == order.VendorId, ct);
        if (vendor.StripeAccountId is null || checkout.CardChargeId is null)
        {
            throw new InvalidOperationException($"Order {order.Id}: no connected account or charge to transfer from; retried, then left in the error queue for an operator.");
        }

        var fee = order.PlatformFeeCents ?? options.PlatformFee(order.Total, vendor.MembershipCategory);
        return new VendorTransferRequest(order.Id, order.CheckoutId, vendor.StripeAccountId, order.Total - fee, options.Currency, checkout.CardChargeId, $"order-{order.Id}-transfer");
    }
}

/// <summary>
/// Refunds a cancelled or refunded card order in full and reverses the co-op's transfer when there was one — including
/// a transfer claimed but not yet recorded (asked for again with its idempotency key, which returns it).
/// </summary>
public sealed class RefundCardOrderConsumer(
    OrderingDbContext db, ICardPaymentGateway gateway, IOptions<OrderingOptions> options, TimeProvider time, ILogger<RefundCardOrderConsumer> logger)
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

        var transferId = order.TransferId;
        var transferred = 0L;
        CardRefund refund;
        try
        {
            if (order.TransferClaimedAt is not null)
            {
                var request = await VendorTransfers.RequestAsync(db, order, options.Value, ct);
                transferId ??= (await gateway.TransferToVendorAsync(request, ct)).TransferId;
                transferred = request.AmountCents;
            }

            refund = await gateway.RefundAsync(new CardRefundRequest(order.Id, checkout.CardPaymentId, order.Total, transferId, transferred, $"order-{order.Id}-refund"), ct);
        }
        catch (CardGatewayException refusal)
        {
            // A refusal a retry will not fix (more than is left to refund after a refund made in the provider's
            // dashboard, say): the buyer has not got the money back, so an administrator must settle it by hand.
            // Faulting the message instead would leave the order looking done, with no refund and on no list.
            var reason = $"card refund refused by the provider: {refusal.Code} {refusal.Message}";
            if (await SettlementProblems.RecordAsync(db, order, Actors.Card, reason, time.GetUtcNow(), ct))
            {
                order.Version++;
                await db.SaveChangesAsync(ct);
                logger.LogError("Order {OrderId}: {Reason}. The order is on the attention list.", order.Id, reason);
            }

            return;
        }

        var now = time.GetUtcNow();
        if (order.TransferId is null && transferId is not null)
        {
            // The transfer was made but never recorded (a crash in between): record it now, with its amount, so the
            // reconciliation expects both the transfer and its reversal.
            order.TransferId = transferId;
            order.TransferredAt ??= now;
            order.PlatformFeeCents ??= order.Total - transferred;
        }

        order.RefundId = refund.RefundId;
        order.RefundedAt = now;
        order.TransferReversalId = refund.TransferReversalId;
        order.Version++;
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Order {OrderId}: refunded {Amount} cents ({Refund}), transfer reversal {Reversal}", order.Id, order.Total, refund.RefundId, refund.TransferReversalId);
    }
}
