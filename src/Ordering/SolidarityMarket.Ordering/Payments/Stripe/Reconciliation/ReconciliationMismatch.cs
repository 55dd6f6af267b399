namespace SolidarityMarket.Ordering.Payments.Stripe.Reconciliation;

/// <summary>How Stripe's balance and Ordering's records disagree.</summary>
public enum MismatchKind
{
    ChargeMissing,
    ChargeAmountDiffers,
    RefundMissing,
    RefundAmountDiffers,
    TransferMissing,
    TransferAmountDiffers,
    TransferReversalMissing,
    TransferReversalAmountDiffers,

    /// <summary>A charge, refund, transfer or reversal at Stripe that no order explains (or a second line for the same object).</summary>
    UnexpectedTransaction,

    /// <summary>
    /// An adjustment (a dispute withdrawing funds, a correction by Stripe) or a failed refund or transfer: always
    /// reported for a person to look at.
    /// </summary>
    Adjustment,
}

/// <summary>One disagreement, with what each side says (signed cents as they move the platform's balance).</summary>
public sealed record ReconciliationMismatch(
    MismatchKind Kind,
    Guid? CheckoutId,
    Guid? OrderId,
    string? ProviderId,
    long? ExpectedCents,
    long? ActualCents,
    string? TransactionId,
    string Detail);
