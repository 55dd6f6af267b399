namespace SolidarityMarket.Ordering.Payments.Stripe.Reconciliation;

/// <summary>
/// What Ordering's own records say one checkout moved through the platform's Stripe balance in the period being
/// reconciled. All amounts are positive USD cents; the reconciler knows which direction each kind moves.
/// </summary>
/// <param name="CheckoutId">The checkout (its PaymentIntent's <c>transfer_group</c>).</param>
/// <param name="ChargeId">The checkout's charge (<c>ch_...</c>) when it was captured in the period, else null.</param>
/// <param name="ChargeCents">What the charge should be; ignored when <paramref name="ChargeId"/> is null.</param>
/// <param name="Refunds">Refunds made in the period (<c>re_...</c>), per order.</param>
/// <param name="Transfers">Transfers to co-ops made in the period (<c>tr_...</c>), per order.</param>
/// <param name="TransferReversals">Reversals of those transfers made in the period (<c>trr_...</c>), per order.</param>
public sealed record ExpectedCardMovements(
    Guid CheckoutId,
    string? ChargeId,
    long ChargeCents,
    IReadOnlyList<ExpectedMovement> Refunds,
    IReadOnlyList<ExpectedMovement> Transfers,
    IReadOnlyList<ExpectedMovement> TransferReversals);

/// <summary>One refund, transfer or reversal an order caused.</summary>
/// <param name="OrderId">The vendor order.</param>
/// <param name="ProviderId">Stripe's id of the object (<c>re_</c>, <c>tr_</c>, <c>trr_</c>): balance transactions name it as their source.</param>
/// <param name="AmountCents">Positive amount.</param>
public sealed record ExpectedMovement(Guid OrderId, string ProviderId, long AmountCents);
