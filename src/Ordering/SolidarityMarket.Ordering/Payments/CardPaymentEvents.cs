using System.Globalization;
using Microsoft.Extensions.Logging;
using SolidarityMarket.Contracts.Ordering;
using SolidarityMarket.Ordering.Data;
using SolidarityMarket.Ordering.Orders;

namespace SolidarityMarket.Ordering.Payments;

/// <summary>
/// Applies the card provider's facts to checkouts, orders and vendors. Each method is idempotent (the state machine
/// answers a repeat with "already applied") and saves on its own; a concurrent change of the same order or checkout
/// (a buyer cancelling at that moment) makes it re-read and decide again.
/// </summary>
public sealed class CardPaymentEvents(OrderingDbContext db, OrderWorkflow workflow, TimeProvider time, ILogger<CardPaymentEvents> logger) : ICardPaymentEvents
{
    private const int Attempts = 5;

    public Task PaymentSucceededAsync(CardPayment payment, CancellationToken ct) =>
        WithCheckoutAsync(payment.PaymentId, payment.Metadata, async checkout =>
        {
            Observe(checkout, payment);
            checkout.CardChargeId ??= payment.ChargeId;
            checkout.CardAmountReceivedCents ??= payment.AmountReceivedCents > 0 ? payment.AmountReceivedCents : payment.AmountCents;

            // Set once: a replayed success notice must not move the charge into another reconciliation day.
            checkout.CardChargedAt ??= time.GetUtcNow();
            foreach (var order in await CardOrdersAsync(checkout.Id, ct))
            {
                if (!ChargedFor(order, checkout))
                {
                    // Ended before the buyer paid and taken off the amount in time: not charged, nothing to refund.
                    continue;
                }

                await workflow.ApplyAsync(order, OrderTrigger.PaymentSucceeded, Actors.Card, $"card payment {payment.PaymentId} succeeded", ct);
            }
        }, ct);

    public Task PaymentFailedAsync(CardPayment payment, CancellationToken ct) =>
        WithCheckoutAsync(payment.PaymentId, payment.Metadata, checkout =>
        {
            // Only a payment still open can fail; a late failure notice after success or cancellation (both final at the
            // provider) changes nothing: re-read before Ordering cancelled the payment, it would give the buyer back a
            // payment form for a payment the provider refuses.
            if (checkout.CardPaymentStatus is not (CardPaymentStatus.Succeeded or CardPaymentStatus.Canceled))
            {
                Observe(checkout, payment);
                checkout.CardFailureMessage = OrderHistoryEntry.Fit(payment.FailureMessage ?? "The payment failed.");
                if (payment.AmountCents > checkout.CardAmountCents)
                {
                    // A lowering left undone while the buyer was authenticating (or refused meanwhile): the payment is
                    // open again, so it can be lowered now, before the buyer tries again.
                    db.Send(new AdjustCardPayment(checkout.Id), Queues.AdjustCardPayment, time.GetUtcNow());
                }
            }

            return Task.CompletedTask;
        }, ct);

    public Task ChargeRefundedAsync(string paymentId, string chargeId, long amountRefundedCents, CancellationToken ct) =>
        WithCheckoutAsync(paymentId, null, checkout =>
        {
            // The provider reports the cumulative amount refunded: keep the largest, so a late notice cannot go back.
            checkout.CardRefundedCents = Math.Max(checkout.CardRefundedCents, amountRefundedCents);
            return Task.CompletedTask;
        }, ct);

    /// <summary>
    /// Written into the history and kept as the order's <see cref="Order.SettlementProblem"/> (the attention list's
    /// <c>settlement-rejected</c>) until an administrator has paid the buyer another way and clears it. Once per
    /// refund: a second notice of the same failure (Stripe sends more than one kind) finds the history line.
    /// A failure can be told before the refund is recorded on the order: the refund consumer stored it after the
    /// provider answered (a stalled or crashed consumer, or a refund failing at once). The refund then names its order
    /// in its metadata, and the failure is recorded there — ignored, the buyer would not be paid back and no list
    /// would say so. Only a card order with no refund recorded yet is found that way.
    /// </summary>
    public async Task RefundFailedAsync(CardRefundState refund, CancellationToken ct) =>
        await RetryAsync(async () =>
        {
            var order = await db.Orders.FirstOrDefaultAsync(o => o.RefundId == refund.RefundId, ct);
            if (order is null && refund.OrderId is { } orderId)
            {
                order = await db.Orders.FirstOrDefaultAsync(o => o.Id == orderId && o.PaymentMethod == PaymentMethod.Card && o.RefundId == null, ct);
            }

            if (order is null)
            {
                logger.LogWarning("Refund {RefundId} {Status} belongs to no known order; ignored", refund.RefundId, refund.Status);
                return;
            }

            var reason = $"card refund {refund.RefundId} {refund.Status}: {refund.FailureReason ?? "no reason given"}; the buyer was not paid back";
            if (!await SettlementProblems.RecordAsync(db, order, Actors.Card, reason, time.GetUtcNow(), ct))
            {
                return;
            }

            logger.LogError("Refund {RefundId} of order {OrderId} {Status} ({FailureReason}); the order is on the attention list", refund.RefundId, order.Id, refund.Status, refund.FailureReason);
            await db.SaveChangesAsync(ct);
        }, ct);

    /// <summary>
    /// Paid or fulfilled card orders go to Disputed. An order that can no longer be disputed — already completed (the
    /// co-op was paid), cancelled or refunded — is put on the attention list instead: the bank may take the disputed
    /// amount from the platform while the co-op keeps its transfer, and only an administrator can settle that. Once per
    /// dispute: a repeated notice finds the history line.
    /// </summary>
    public Task DisputeCreatedAsync(string paymentId, string chargeId, string disputeId, long amountCents, string reason, CancellationToken ct) =>
        WithCheckoutAsync(paymentId, null, async checkout =>
        {
            foreach (var order in (await CardOrdersAsync(checkout.Id, ct)).Where(o => ChargedFor(o, checkout)))
            {
                var decision = await workflow.ApplyAsync(order, OrderTrigger.Dispute, Actors.Card, OrderHistoryEntry.Fit($"card dispute {disputeId}: {reason}"), ct);
                if (decision.Kind == TransitionKind.AlreadyApplied)
                {
                    // Already Disputed (the buyer opened a dispute here first): no status change, but the administrator
                    // resolving it must see that the bank is taking the money back too. Once per dispute.
                    await NoteChargebackOnDisputedOrderAsync(order, disputeId, amountCents, reason, ct);
                    continue;
                }

                if (decision.Kind is not (TransitionKind.Refused or TransitionKind.Late))
                {
                    continue;
                }

                var problem = $"card dispute {disputeId} ({amountCents.ToString(CultureInfo.InvariantCulture)} cents, {reason}) on the charge of an order already {order.Status}: "
                    + "the bank may take the money back from the platform; settle with the co-op and the buyer by hand";
                if (await SettlementProblems.RecordAsync(db, order, Actors.Card, problem, time.GetUtcNow(), ct))
                {
                    logger.LogError("Card dispute {DisputeId} for order {OrderId}, already {Status}; the order is on the attention list", disputeId, order.Id, order.Status);
                }
            }
        }, ct);

    public async Task ConnectedAccountUpdatedAsync(ConnectedAccount account, DateTimeOffset observedAt, CancellationToken ct)
    {
        await RetryAsync(async () =>
        {
            var vendor = await db.Vendors.FirstOrDefaultAsync(v => v.StripeAccountId == account.AccountId, ct);
            if (vendor is null && account.Metadata.TryGetValue("vendor_id", out var raw) && Guid.TryParse(raw, out var vendorId))
            {
                vendor = await db.Vendors.FirstOrDefaultAsync(v => v.VendorId == vendorId, ct);
            }

            if (vendor is null)
            {
                logger.LogWarning("Connected account {AccountId} belongs to no known vendor; ignored", account.AccountId);
                return;
            }

            if (vendor.PaymentAccountObservedAt is { } seen && observedAt <= seen)
            {
                return;
            }

            vendor.StripeAccountId = account.AccountId;
            vendor.ChargesEnabled = account.ChargesEnabled;
            vendor.PayoutsEnabled = account.PayoutsEnabled;
            vendor.PaymentAccountObservedAt = observedAt;
            var now = time.GetUtcNow();
            vendor.UpdatedAt = now;
            db.Publish(new VendorPaymentAccountUpdated(vendor.VendorId, account.AccountId, account.ChargesEnabled, account.PayoutsEnabled, observedAt), now);
            await db.SaveChangesAsync(ct);
        }, ct);
    }

    private async Task NoteChargebackOnDisputedOrderAsync(Order order, string disputeId, long amountCents, string reason, CancellationToken ct)
    {
        var note = OrderHistoryEntry.Fit($"card dispute {disputeId} ({amountCents.ToString(CultureInfo.InvariantCulture)} cents, {reason}) on an order the buyer already disputed: "
            + "the bank may take the money back from the platform; settle the dispute with that in mind");
        // Once per dispute, and not at all for a repeat of the dispute that moved the order to Disputed: both lines
        // begin with the dispute's id.
        var prefix = $"card dispute {disputeId} ";
        var sameDispute = $"card dispute {disputeId}:";
        if (await db.OrderHistory.AnyAsync(h => h.OrderId == order.Id && h.Reason != null && (h.Reason.StartsWith(prefix) || h.Reason.StartsWith(sameDispute)), ct))
        {
            return;
        }

        var now = time.GetUtcNow();
        db.OrderHistory.Add(new OrderHistoryEntry { OrderId = order.Id, Status = order.Status, At = now, Actor = Actors.Card, Reason = note });
        order.UpdatedAt = now;
        order.Version++;
        logger.LogWarning("Card dispute {DisputeId} on order {OrderId}, already disputed by the buyer; noted in its history", disputeId, order.Id);
    }

    private async Task WithCheckoutAsync(string paymentId, IReadOnlyDictionary<string, string>? metadata, Func<Checkout, Task> apply, CancellationToken ct)
    {
        await RetryAsync(async () =>
        {
            var checkout = await db.Checkouts.FirstOrDefaultAsync(c => c.CardPaymentId == paymentId, ct);
            if (checkout is null && metadata is not null && metadata.TryGetValue("checkout_id", out var raw) && Guid.TryParse(raw, out var checkoutId))
            {
                // The provider can report success before our StartCardPayment recorded the payment id.
                checkout = await db.Checkouts.FirstOrDefaultAsync(c => c.Id == checkoutId, ct);
            }

            if (checkout is null)
            {
                logger.LogWarning("Card payment {PaymentId} belongs to no known checkout; ignored", paymentId);
                return;
            }

            await apply(checkout);
            checkout.Version++;
            await db.SaveChangesAsync(ct);
        }, ct);
    }

    private Task<List<Order>> CardOrdersAsync(Guid checkoutId, CancellationToken ct) =>
        db.Orders.Where(o => o.CheckoutId == checkoutId && o.PaymentMethod == PaymentMethod.Card && o.InCardPayment).ToListAsync(ct);

    /// <summary>
    /// Whether the payment charged the buyer for the order: always, unless the order was taken off the payment's amount
    /// (it ended before the buyer paid) and the amount received is no more than the payment's amount without it — the
    /// lowering reached the provider before the buyer paid. While the amount received is unknown, charged.
    /// </summary>
    private static bool ChargedFor(Order order, Checkout checkout) =>
        order.CardPaymentLoweredToCents is not { } lowered || checkout.CardAmountReceivedCents is not { } received || received > lowered;

    private static void Observe(Checkout checkout, CardPayment payment)
    {
        checkout.CardPaymentId ??= payment.PaymentId;
        checkout.CardPaymentStatus = payment.Status;
        checkout.CardClientSecret = payment.Status == CardPaymentStatus.Succeeded ? null : payment.ClientSecret;
    }

    /// <summary>Re-reads and re-applies after losing a race on a concurrency token.</summary>
    private async Task RetryAsync(Func<Task> attempt, CancellationToken ct)
    {
        for (var i = 1; ; i++)
        {
            db.ChangeTracker.Clear();
            try
            {
                await attempt();
                return;
            }
            catch (DbUpdateConcurrencyException) when (i < Attempts)
            {
                logger.LogInformation("Card payment event lost a race (attempt {Attempt}); re-reading", i);
                ct.ThrowIfCancellationRequested();
            }
            finally
            {
                db.ChangeTracker.Clear();
            }
        }
    }
}
