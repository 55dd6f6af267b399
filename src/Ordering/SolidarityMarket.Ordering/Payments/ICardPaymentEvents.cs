namespace SolidarityMarket.Ordering.Payments;

/// <summary>
/// What the payment provider tells Ordering, after the caller has verified and deduplicated it and re-read the
/// object from the provider (so handlers see the current state whatever order notifications arrive in). Called by
/// the Stripe webhook endpoint and by the simulated gateway. Every method is idempotent: applying the same fact
/// twice, or an older fact after a newer one, changes nothing.
/// </summary>
public interface ICardPaymentEvents
{
    /// <summary>The checkout's payment succeeded (<c>payment_intent.succeeded</c>): its orders are paid.</summary>
    Task PaymentSucceededAsync(CardPayment payment, CancellationToken ct);

    /// <summary>An attempt failed (<c>payment_intent.payment_failed</c>); the buyer may try again until the orders expire.</summary>
    Task PaymentFailedAsync(CardPayment payment, CancellationToken ct);

    /// <summary>Money went back to the buyer (<c>charge.refunded</c>), by us or from the provider's dashboard.</summary>
    Task ChargeRefundedAsync(string paymentId, string chargeId, long amountRefundedCents, CancellationToken ct);

    /// <summary>
    /// A refund we made failed or was cancelled (<c>charge.refund.updated</c>, <c>refund.failed</c>): the buyer did not
    /// get the money back. The order keeps its status and goes on the administrators' attention list.
    /// </summary>
    Task RefundFailedAsync(CardRefundState refund, CancellationToken ct);

    /// <summary>The buyer's bank opened a dispute (<c>charge.dispute.created</c>).</summary>
    Task DisputeCreatedAsync(string paymentId, string chargeId, string disputeId, long amountCents, string reason, CancellationToken ct);

    /// <summary>A connected account changed (<c>account.updated</c>); <paramref name="observedAt"/> orders observations.</summary>
    Task ConnectedAccountUpdatedAsync(ConnectedAccount account, DateTimeOffset observedAt, CancellationToken ct);
}
