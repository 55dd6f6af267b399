namespace SolidarityMarket.Contracts.Ordering;

// Ordering's internal commands to itself, sent through its own outbox so that a call to the card-payment provider
// is retried until it succeeds even if the process dies between the state change and the call. Every call carries
// an idempotency key derived from the domain id, so a retried command never charges, transfers or refunds twice.

/// <summary>Create the one card payment of a checkout for its card-paid orders whose stock is reserved (queue <c>ordering-start-card-payment</c>).</summary>
/// <param name="CheckoutId">The checkout.</param>
public sealed record StartCardPayment(Guid CheckoutId);

/// <summary>Pay a co-op its share of a paid card order (queue <c>ordering-transfer-to-vendor</c>).</summary>
/// <param name="OrderId">The order.</param>
public sealed record TransferToVendor(Guid OrderId);

/// <summary>Refund a cancelled or disputed card order and reverse the co-op's transfer (queue <c>ordering-refund-card-order</c>).</summary>
/// <param name="OrderId">The order.</param>
public sealed record RefundCardOrder(Guid OrderId);

/// <summary>
/// Cancel a checkout's card payment once none of its card orders can still be paid (every one cancelled before the
/// buyer paid), so that the buyer can no longer pay it (queue <c>ordering-cancel-card-payment</c>).
/// </summary>
/// <param name="CheckoutId">The checkout.</param>
public sealed record CancelCardPayment(Guid CheckoutId);
