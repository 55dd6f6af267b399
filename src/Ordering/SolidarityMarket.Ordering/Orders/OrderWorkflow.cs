using Microsoft.Extensions.Options;
using SolidarityMarket.Contracts.Catalog;
using SolidarityMarket.Contracts.Ledger;
using SolidarityMarket.Contracts.Ordering;
using SolidarityMarket.Ordering.Data;

namespace SolidarityMarket.Ordering.Orders;

/// <summary>
/// Applies a trigger to a tracked order: asks <see cref="OrderStateMachine"/>, and on a move records the history
/// row and writes the move's messages to the outbox — all saved by the caller in one <c>SaveChanges</c>. A late
/// trigger is compensated (a reservation or a payment that arrived for an order that ended meanwhile is given back).
/// </summary>
public sealed class OrderWorkflow(OrderingDbContext db, TimeProvider time, IOptions<OrderingOptions> options)
{
    public async Task<Transition> ApplyAsync(Order order, OrderTrigger trigger, string actor, string? reason, CancellationToken ct)
    {
        var decision = OrderStateMachine.Decide(order.Status, trigger);
        var now = time.GetUtcNow();
        switch (decision.Kind)
        {
            case TransitionKind.Apply:
                await MoveAsync(order, decision.To, trigger, actor, reason, now, ct);
                break;
            case TransitionKind.Late:
                Compensate(order, trigger, now);
                break;
        }

        return decision;
    }

    private async Task MoveAsync(Order order, OrderStatus to, OrderTrigger trigger, string actor, string? reason, DateTimeOffset now, CancellationToken ct)
    {
        var from = order.Status;
        Record(order, to, actor, reason, now);
        if (from == OrderStatus.Submitted && order.PaymentMethod == PaymentMethod.Card)
        {
            await StockOutcomeKnownAsync(order.CheckoutId, now, ct);
        }

        var method = Method(order);
        switch (to)
        {
            case OrderStatus.StockReserved when order.PaymentMethod == PaymentMethod.Credits:
                // Credits: ask for the hold at once, with a timeout longer than the order's longest lifecycle
                // (OrderingOptionsValidator), so the hold is still there whenever the order settles.
                db.Send(new HoldCredits(order.HoldId, order.Id, order.BuyerUserId, order.PayerAccountId!.Value, order.PayeeAccountId!.Value, order.Total, $"Order {order.Id}", (long)options.Value.CreditHoldTimeout.TotalSeconds), Queues.HoldCredits, now);
                order.HoldRequested = true;
                Record(order, OrderStatus.PaymentPending, actor, "credit hold requested", now);
                break;
            case OrderStatus.Rejected:
                db.Publish(new OrderRejected(order.Id, reason ?? "", now), now);
                break;
            case OrderStatus.Paid:
                order.PaidAt = now;
                if (order.PaymentMethod == PaymentMethod.Card)
                {
                    var category = await db.Vendors.Where(v => v.VendorId == order.VendorId).Select(v => v.MembershipCategory).FirstOrDefaultAsync(ct) ?? "";
                    order.PlatformFeeCents = options.Value.PlatformFee(order.Total, category);
                    db.Send(new TransferToVendor(order.Id), Queues.TransferToVendor, now);
                }

                db.Publish(new OrderPaid(order.Id, order.VendorId, method, order.Total, now), now);
                break;
            case OrderStatus.Fulfilled:
                order.FulfilledAt = now;
                db.Publish(new OrderFulfilled(order.Id, order.VendorId, now), now);
                break;
            case OrderStatus.Completed:
                if (order.PaymentMethod == PaymentMethod.Credits)
                {
                    db.Send(new PostHold(order.HoldId, order.Id, null), Queues.PostHold, now);
                }

                db.Publish(new OrderCompleted(order.Id, order.VendorId, method, order.Total, now), now);
                break;
            case OrderStatus.Cancelled:
                // Catalog tolerates a release before (or without) a reservation, so always give the stock back.
                db.Send(new ReleaseStock(order.Id), Queues.ReleaseStock, now);
                GiveBackPayment(order, voidHold: trigger != OrderTrigger.PaymentRefused, now);
                db.Publish(new OrderCancelled(order.Id, order.VendorId, CancelledBy(trigger, actor, order), reason ?? "", now), now);
                break;
            case OrderStatus.Disputed:
                order.DisputedAt = now;
                db.Publish(new OrderDisputed(order.Id, order.VendorId, reason ?? "", now), now);
                break;
            case OrderStatus.Refunded:
                // Refunded in a dispute: goods never sent go back on sale; goods the vendor shipped do not (they are
                // with the buyer or lost; a vendor who gets them back restocks by hand) — docs/orders.md.
                if (order.FulfilledAt is null)
                {
                    db.Send(new ReleaseStock(order.Id), Queues.ReleaseStock, now);
                }

                GiveBackPayment(order, voidHold: true, now);
                db.Publish(new OrderRefunded(order.Id, order.VendorId, reason ?? "", now), now);
                break;
        }
    }

    private void GiveBackPayment(Order order, bool voidHold, DateTimeOffset now)
    {
        if (order.PaymentMethod == PaymentMethod.Credits && order.HoldRequested && voidHold)
        {
            db.Send(new VoidHold(order.HoldId, order.Id), Queues.VoidHold, now);
        }
        else if (order.PaymentMethod == PaymentMethod.Card && order.PaidAt is not null)
        {
            db.Send(new RefundCardOrder(order.Id), Queues.RefundCardOrder, now);
        }
        else if (order.PaymentMethod == PaymentMethod.Card && order.InCardPayment)
        {
            // Ended before the buyer paid: the payment is lowered by this order's total, or — if no other order of
            // the checkout can still be paid — cancelled at the provider, so the buyer is not charged for it (a charge
            // refunded costs the platform the provider's fee). The consumer decides on committed state; one is sent
            // per such cancellation.
            db.Send(new AdjustCardPayment(order.CheckoutId), Queues.AdjustCardPayment, now);
        }
    }

    private void Compensate(Order order, OrderTrigger trigger, DateTimeOffset now)
    {
        switch (trigger)
        {
            case OrderTrigger.StockReserved:
                db.Send(new ReleaseStock(order.Id), Queues.ReleaseStock, now);
                break;
            case OrderTrigger.PaymentSucceeded when order.PaymentMethod == PaymentMethod.Credits:
                db.Send(new VoidHold(order.HoldId, order.Id), Queues.VoidHold, now);
                break;
            case OrderTrigger.PaymentSucceeded when order.InCardPayment && order.RefundId is null:
                // The buyer paid after the order expired: mark it paid-and-cancelled so the refund command refunds it.
                order.PaidAt ??= now;
                db.Send(new RefundCardOrder(order.Id), Queues.RefundCardOrder, now);
                break;
        }
    }

    /// <summary>One more card order of the checkout left Submitted; the last one starts the checkout's card payment.</summary>
    private async Task StockOutcomeKnownAsync(Guid checkoutId, DateTimeOffset now, CancellationToken ct)
    {
        var checkout = await db.Checkouts.FirstAsync(c => c.Id == checkoutId, ct);
        checkout.CardOrdersAwaitingStock = Math.Max(0, checkout.CardOrdersAwaitingStock - 1);
        checkout.Version++;
        if (checkout.CardOrdersAwaitingStock == 0 && !checkout.CardPaymentRequested)
        {
            checkout.CardPaymentRequested = true;
            db.Send(new StartCardPayment(checkoutId), Queues.StartCardPayment, now);
        }
    }

    private static void Record(Order order, OrderStatus to, string actor, string? reason, DateTimeOffset now)
    {
        order.Status = to;
        order.UpdatedAt = now;
        order.Version++;
        // Reasons come from other systems too (Catalog's per-line rejections, the card provider): cut to the column,
        // or SaveChanges fails on PostgreSQL/SQL Server and the message ends in the error queue with the order stuck.
        order.History.Add(new OrderHistoryEntry { OrderId = order.Id, Status = to, At = now, Actor = actor, Reason = reason is null ? null : OrderHistoryEntry.Fit(reason) });
    }

    private static string Method(Order order) => order.PaymentMethod == PaymentMethod.Card ? "card" : "credits";

    private static string CancelledBy(OrderTrigger trigger, string actor, Order order) => trigger switch
    {
        OrderTrigger.Expire => "expiry",
        OrderTrigger.PaymentRefused => "payment",
        _ when actor == Actors.FulfilmentDeadline => Actors.FulfilmentDeadline,
        _ => actor == order.BuyerUserId ? "buyer" : "vendor",
    };
}
