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

/// <summary>
/// Creates the checkout's one card payment for its card orders whose stock is reserved. The orders are claimed first
/// (one save under their and the checkout's concurrency tokens): marked <see cref="Order.InCardPayment"/>, moved to
/// PaymentPending, and the amount fixed on the checkout. Only then is the provider asked, for exactly the claimed
/// orders and the stored amount, so every attempt under the idempotency key sends the same parameters — a retry or
/// redelivery gets the same payment back even if one of the orders was cancelled meanwhile (asking with a new amount
/// under the same key is refused by Stripe with <c>idempotency_error</c>). A cancellation that saves before the claim
/// keeps its order out of the payment; one that saves after it leaves the order in the payment, and
/// <see cref="AdjustCardPaymentConsumer"/> then lowers the payment's amount (or cancels the payment) — if the buyer paid
/// first, the payment's success refunds the order (<see cref="OrderWorkflow"/> compensates a late <c>PaymentSucceeded</c>).
/// </summary>
public sealed class StartCardPaymentConsumer(
    OrderingDbContext db, ICardPaymentGateway gateway, OrderWorkflow workflow, IOptions<OrderingOptions> options, TimeProvider time, ILogger<StartCardPaymentConsumer> logger)
    : IConsumer<StartCardPayment>
{
    public async Task Consume(ConsumeContext<StartCardPayment> context)
    {
        var ct = context.CancellationToken;
        var checkout = await db.Checkouts.FirstOrDefaultAsync(c => c.Id == context.Message.CheckoutId, ct);
        if (checkout is null)
        {
            return;
        }

        if (checkout.CardPaymentId is not null)
        {
            // A redelivery after the payment was recorded: the process may have stopped before the adjustment below
            // was sent, and the orders cancelled during the provider call found no payment to lower or cancel.
            await AdjustIfOrdersEndedAsync(checkout, ct);
            return;
        }

        // Ordered by id, so the request reads the same on every attempt under the key.
        var claimed = await db.Orders.Where(o => o.CheckoutId == checkout.Id && o.PaymentMethod == PaymentMethod.Card && o.InCardPayment).OrderBy(o => o.Id).ToListAsync(ct);
        if (claimed.Count == 0)
        {
            claimed = await ClaimAsync(checkout, ct);
            if (claimed.Count == 0)
            {
                logger.LogInformation("Checkout {CheckoutId}: no card order has its stock; no payment", checkout.Id);
                return;
            }
        }
        else if (!claimed.Any(o => o.Status == OrderStatus.PaymentPending))
        {
            // Every claimed order ended (cancelled, expired) before the payment was recorded: nobody can be asked to
            // pay it (its client secret was never stored), so none is made.
            logger.LogInformation("Checkout {CheckoutId}: every claimed card order ended before its payment was made; no payment", checkout.Id);
            return;
        }

        // Only the checkout id: Stripe refuses a metadata value over 500 characters, which the order ids joined
        // reach at 14 co-ops (and the payment could then never be made). The orders are the checkout's in the
        // database, and each transfer's metadata names its order.
        var metadata = new Dictionary<string, string> { ["checkout_id"] = checkout.Id.ToString() };
        CardPayment payment;
        try
        {
            payment = await gateway.CreatePaymentAsync(
                new CardPaymentRequest(checkout.Id, checkout.CardAmountCents, options.Value.Currency, $"checkout-{checkout.Id}-payment",
                    $"SolidarityMarket checkout {checkout.Id} ({claimed.Count.ToString(CultureInfo.InvariantCulture)} orders)", metadata), ct);
        }
        catch (CardGatewayException refusal)
        {
            // Refused for good (an amount the provider does not take, say): retrying would fault forever and leave the
            // orders PaymentPending with their stock held until they expire. No one holds a client secret, so no one
            // can pay: cancel them now (stock released). Network failures and 5xx still throw, and the bus retries.
            await CancelClaimedAsync(claimed, refusal, ct);
            return;
        }

        checkout.CardPaymentId = payment.PaymentId;
        checkout.CardPaymentStatus = payment.Status;
        checkout.CardClientSecret = payment.ClientSecret;
        checkout.Version++;
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Checkout {CheckoutId}: card payment {PaymentId} of {Amount} cents for {Orders} orders", checkout.Id, payment.PaymentId, checkout.CardAmountCents, claimed.Count);

        // Orders may have been cancelled while the provider was asked; their commands found no payment to cancel or
        // lower then. Decided again on committed state, now that the payment is recorded.
        await AdjustIfOrdersEndedAsync(checkout, ct);
    }

    private async Task AdjustIfOrdersEndedAsync(Checkout checkout, CancellationToken ct)
    {
        if (checkout.CardPaymentStatus is not (CardPaymentStatus.Succeeded or CardPaymentStatus.Canceled)
            && await AdjustCardPaymentConsumer.EndedButStillInAmount(db, checkout.Id).AnyAsync(ct))
        {
            db.Send(new AdjustCardPayment(checkout.Id), Queues.AdjustCardPayment, time.GetUtcNow());
            await db.SaveChangesAsync(ct);
        }
    }

    private async Task CancelClaimedAsync(List<Order> claimed, CardGatewayException refusal, CancellationToken ct)
    {
        var reason = $"card payment refused by the provider: {refusal.Code} {refusal.Message}";
        foreach (var order in claimed.Where(o => o.Status == OrderStatus.PaymentPending))
        {
            await workflow.ApplyAsync(order, OrderTrigger.PaymentRefused, Actors.Card, OrderHistoryEntry.Fit(reason), ct);
        }

        await db.SaveChangesAsync(ct);
        logger.LogError("Checkout {CheckoutId}: {Reason}; its {Count} card orders are cancelled", claimed[0].CheckoutId, reason, claimed.Count);
    }

    /// <summary>
    /// Claims the card orders whose stock is reserved and fixes the amount, in one save. A concurrent change of one
    /// of them (a cancellation) fails the save on its concurrency token; the bus retries and the claim is decided again.
    /// </summary>
    private async Task<List<Order>> ClaimAsync(Checkout checkout, CancellationToken ct)
    {
        var orders = await db.Orders.Where(o => o.CheckoutId == checkout.Id && o.PaymentMethod == PaymentMethod.Card && o.Status == OrderStatus.StockReserved).OrderBy(o => o.Id).ToListAsync(ct);
        if (orders.Count == 0)
        {
            return orders;
        }

        checkout.CardGateway = gateway.Name;
        checkout.CardAmountCents = orders.Sum(o => o.Total);
        checkout.Version++;
        foreach (var order in orders)
        {
            order.InCardPayment = true;
            await workflow.ApplyAsync(order, OrderTrigger.PaymentStarted, Actors.Card, $"card payment of the checkout started ({checkout.CardAmountCents.ToString(CultureInfo.InvariantCulture)} cents)", ct);
        }

        await db.SaveChangesAsync(ct);
        return orders;
    }
}

/// <summary>
/// Pays the co-op its share of a paid card order: the order's total minus the platform fee. The transfer is first
/// claimed on the order (a save under its concurrency token), so a cancellation either happens before the claim (and
/// no transfer is made) or after it (and the refund reverses the transfer, see <see cref="RefundCardOrderConsumer"/>).
/// A redelivery that finds the claim but no recorded transfer looks the transfer up at the provider before asking
/// for it: the provider forgets idempotency keys after a day, and asking again then would pay the co-op twice.
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

        if (order.RefundId is not null)
        {
            // Refunded with no transfer to reverse (the refund looked for one and found none): paying the co-op now
            // would pay it for an order the buyer got back.
            logger.LogWarning("Order {OrderId}: refunded before its transfer was made; no transfer", order.Id);
            return;
        }

        VendorTransfer? transfer = null;
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
        else
        {
            transfer = await gateway.FindTransferAsync(order.CheckoutId, order.Id, ct);
            if (transfer is null && time.GetUtcNow() - order.TransferClaimedAt >= VendorTransfers.KeyRemembered)
            {
                // An old claim that never became a transfer: claim again before asking, so that a refund racing this
                // sees a young claim and asks under the same key (getting this transfer, and reversing it).
                order.TransferClaimedAt = time.GetUtcNow();
                order.Version++;
                await db.SaveChangesAsync(ct);
            }
        }

        if (transfer is null)
        {
            var request = await VendorTransfers.RequestAsync(db, order, options.Value, ct);
            try
            {
                transfer = await gateway.TransferToVendorAsync(request, ct);
            }
            catch (CardGatewayException refusal)
            {
                // Refused for a reason a retry will not fix (the co-op's account is restricted, its transfers
                // capability inactive, nothing left to transfer): the co-op is not paid, so an administrator must see
                // it. Faulting the message would only park it in the error queue, on no list. Network failures and
                // Stripe's 5xx are no CardGatewayException: they still throw, and the bus retries.
                await RecordTransferRefusedAsync(order, request.AmountCents, refusal, ct);
                return;
            }
        }

        order.TransferId = transfer.TransferId;
        order.TransferredAt = time.GetUtcNow();
        order.PlatformFeeCents = order.Total - transfer.AmountCents;
        order.Version++;
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Order {OrderId}: transferred {Amount} cents to {Account}", order.Id, transfer.AmountCents, transfer.DestinationAccountId);
    }

    private async Task RecordTransferRefusedAsync(Order order, long amountCents, CardGatewayException refusal, CancellationToken ct)
    {
        var reason = $"transfer to co-op refused: {refusal.Code} {refusal.Message}; the co-op was not paid its {amountCents.ToString(CultureInfo.InvariantCulture)} cents";
        if (await SettlementProblems.RecordAsync(db, order, Actors.Card, reason, time.GetUtcNow(), ct))
        {
            await db.SaveChangesAsync(ct);
            logger.LogError("Order {OrderId}: {Reason}. The order is on the attention list.", order.Id, reason);
        }
    }
}

/// <summary>Builds an order's transfer request the same way every time, so its idempotency key always means the same transfer.</summary>
public static class VendorTransfers
{
    /// <summary>
    /// How long after the claim asking for the transfer again under its key is sure to get the same transfer back.
    /// Stripe keeps idempotency keys for at least 24 hours (then prunes them, and the same key creates a new
    /// object); the key is first used after the claim, so a claim younger than this has a key Stripe still knows.
    /// </summary>
    public static readonly TimeSpan KeyRemembered = TimeSpan.FromHours(23);

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
/// a transfer claimed but not yet recorded (a crash, or <see cref="TransferToVendorConsumer"/> asking for it right
/// now). Such a transfer is looked up at the provider (by the checkout's <c>transfer_group</c> and the order id in
/// its metadata), never created blindly: the provider forgets idempotency keys after a day, and a redelivery then
/// would make a second transfer. Only while the claim is young enough that the provider still knows the key
/// (<see cref="VendorTransfers.KeyRemembered"/>) and nothing was found is it asked for under the key — that answers
/// with the transfer a concurrent <see cref="TransferToVendorConsumer"/> is making, so it is reversed too. An older
/// claim with nothing found never became a transfer: nothing to reverse, and the refund (recorded) stops a later
/// <see cref="TransferToVendor"/> from making one.
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

        string? transferId;
        long transferred;
        CardRefund refund;
        try
        {
            (transferId, transferred) = await TransferToReverseAsync(order, ct);
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
        if (refund.TransferReversalRefusal is { } reversalRefused)
        {
            // The buyer has the money back (the refund is recorded, so nothing refunds again), but the co-op keeps its
            // share: the platform paid the refund out of its own balance. Only an administrator can recover it.
            var reason = $"transfer reversal refused: co-op keeps {transferred.ToString(CultureInfo.InvariantCulture)} cents of refunded order (refund {refund.RefundId}, transfer {transferId}): {reversalRefused}";
            await SettlementProblems.RecordAsync(db, order, Actors.Card, reason, now, ct);
            logger.LogError("Order {OrderId}: {Reason}. The order is on the attention list.", order.Id, reason);
        }

        order.Version++;
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Order {OrderId}: refunded {Amount} cents ({Refund}), transfer reversal {Reversal}", order.Id, order.Total, refund.RefundId, refund.TransferReversalId);
    }

    /// <summary>The co-op's transfer for the order and how much of it to take back; (null, 0) when none was made.</summary>
    private async Task<(string? TransferId, long Cents)> TransferToReverseAsync(Order order, CancellationToken ct)
    {
        if (order.TransferClaimedAt is not { } claimedAt)
        {
            return (null, 0);
        }

        if (order.TransferId is { } recorded)
        {
            return (recorded, order.PlatformFeeCents is { } fee ? order.Total - fee : (await VendorTransfers.RequestAsync(db, order, options.Value, ct)).AmountCents);
        }

        if (await gateway.FindTransferAsync(order.CheckoutId, order.Id, ct) is { } found)
        {
            return (found.TransferId, found.AmountCents);
        }

        if (time.GetUtcNow() - claimedAt < VendorTransfers.KeyRemembered)
        {
            var request = await VendorTransfers.RequestAsync(db, order, options.Value, ct);
            try
            {
                var made = await gateway.TransferToVendorAsync(request, ct);
                return (made.TransferId, made.AmountCents);
            }
            catch (CardGatewayException refusal) when (refusal.Rejection == CardGatewayRejection.InvalidRequest)
            {
                // Stripe refuses this transfer (a restricted account, say; refusals are not kept under the key, so it
                // refuses again each time): it was never made, nothing to reverse, and the buyer's refund must not
                // wait for it.
                logger.LogInformation("Order {OrderId}: its transfer is refused ({Code}); nothing to reverse", order.Id, refusal.Code);
                return (null, 0);
            }
        }

        logger.LogInformation("Order {OrderId}: its transfer was claimed at {ClaimedAt} but never made; nothing to reverse", order.Id, claimedAt);
        return (null, 0);
    }
}
