using SolidarityMarket.Ordering.Payments;
using Stripe;

namespace SolidarityMarket.Ordering.Features.Payments;

/// <summary>
/// Turns a verified Stripe event into a call on <see cref="ICardPaymentEvents"/>. Events arrive late, twice and out
/// of order, so the handler acts on the object as Stripe reports it <em>now</em> (re-read through the gateway)
/// rather than on the event's snapshot wherever the gateway can re-read it.
/// </summary>
public sealed class StripeWebhookHandler(ICardPaymentGateway gateway, ICardPaymentEvents events, TimeProvider time)
{
    public const string PaymentSucceeded = "payment_intent.succeeded";
    public const string PaymentFailed = "payment_intent.payment_failed";
    public const string ChargeRefunded = "charge.refunded";
    public const string ChargeRefundUpdated = "charge.refund.updated";
    public const string RefundFailed = "refund.failed";
    public const string DisputeCreated = "charge.dispute.created";
    public const string AccountUpdated = "account.updated";

    private static readonly HashSet<string> Handled = [PaymentSucceeded, PaymentFailed, ChargeRefunded, ChargeRefundUpdated, RefundFailed, DisputeCreated, AccountUpdated];

    /// <summary>Whether the event type is one Ordering acts on; the rest are acknowledged and ignored.</summary>
    public static bool Handles(string type) => Handled.Contains(type);

    public Task HandleAsync(Event stripeEvent, CancellationToken ct) => stripeEvent.Type switch
    {
        PaymentSucceeded or PaymentFailed => PaymentAsync(stripeEvent, ct),
        ChargeRefunded => RefundedAsync(Object<Charge>(stripeEvent).Id, ct),
        ChargeRefundUpdated or RefundFailed => RefundUpdatedAsync(Object<Refund>(stripeEvent).Id, ct),
        DisputeCreated => DisputeAsync(Object<Dispute>(stripeEvent), ct),
        AccountUpdated => AccountAsync(stripeEvent, ct),
        _ => throw new InvalidOperationException($"{stripeEvent.Type} is not handled."),
    };

    /// <summary>
    /// The fresh PaymentIntent decides: succeeded is final in Stripe, so a late <c>payment_failed</c> of an intent the
    /// buyer has since paid reports success. A <c>succeeded</c> event whose fresh read is not (yet) succeeded is an
    /// inconsistent read; throwing makes Stripe deliver it again later rather than reporting a failure that is not one.
    /// </summary>
    private async Task PaymentAsync(Event stripeEvent, CancellationToken ct)
    {
        var payment = await gateway.GetPaymentAsync(Object<PaymentIntent>(stripeEvent).Id, ct);
        if (payment.Status == CardPaymentStatus.Succeeded)
        {
            await events.PaymentSucceededAsync(payment, ct);
        }
        else if (stripeEvent.Type == PaymentFailed)
        {
            await events.PaymentFailedAsync(payment, ct);
        }
        else
        {
            throw new InvalidOperationException($"{payment.PaymentId} was reported succeeded but reads {payment.Status}; Stripe will retry.");
        }
    }

    /// <summary>
    /// Only the charge's id is taken from the event: the refunded total is re-read, so a replayed, shuffled or stale
    /// event (a partial refund's, delivered after the full refund's) reports what Stripe says now, and a lost event is
    /// made up for by the next one. The order side still keeps the largest total seen, so two re-reads racing cannot
    /// make it go back.
    /// </summary>
    private async Task RefundedAsync(string chargeId, CancellationToken ct)
    {
        var charge = await gateway.GetChargeAsync(chargeId, ct);
        await events.ChargeRefundedAsync(charge.PaymentId ?? "", charge.ChargeId, charge.AmountRefundedCents, ct);
    }

    /// <summary>
    /// A refund changed: only a failure (or cancellation) matters to Ordering — the buyer was not paid back. The
    /// refund is re-read, so a stale "failed" after a retry succeeded, or a "pending" after the failure, reports what
    /// Stripe says now. <c>charge.refund.updated</c> and <c>refund.failed</c> both announce a failure; the order side
    /// applies it once.
    /// </summary>
    private async Task RefundUpdatedAsync(string refundId, CancellationToken ct)
    {
        var refund = await gateway.GetRefundAsync(refundId, ct);
        if (refund.Failed)
        {
            await events.RefundFailedAsync(refund, ct);
        }
    }

    private Task DisputeAsync(Dispute dispute, CancellationToken ct) =>
        events.DisputeCreatedAsync(dispute.PaymentIntentId ?? "", dispute.ChargeId, dispute.Id, dispute.Amount, dispute.Reason, ct);

    /// <summary>
    /// The account is re-read, so what is applied is the account as of the re-read, and that is its observation time
    /// — not the event's <c>created</c>, which is in whole seconds: two events of the same second (the account enabled
    /// between them) would read as one observation and the second, fresher read would be dropped.
    /// </summary>
    private async Task AccountAsync(Event stripeEvent, CancellationToken ct)
    {
        var account = await gateway.GetConnectedAccountAsync(Object<Account>(stripeEvent).Id, ct);
        await events.ConnectedAccountUpdatedAsync(account, time.GetUtcNow(), ct);
    }

    private static T Object<T>(Event stripeEvent)
        where T : class =>
        stripeEvent.Data?.Object as T
        ?? throw new InvalidOperationException($"{stripeEvent.Type} {stripeEvent.Id} does not carry a {typeof(T).Name}.");
}
