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
/// Bring a checkout's card payment in line with its orders after one of them ended before the buyer paid (queue
/// <c>ordering-adjust-card-payment</c>): cancel the payment once none of its orders can still be paid, or lower its
/// amount by the ended orders' totals while some can, so that the buyer is never charged for an order only to be
/// refunded (the provider keeps its fee on a refunded charge).
/// </summary>
/// <param name="CheckoutId">The checkout.</param>
public sealed record AdjustCardPayment(Guid CheckoutId);

/// <summary>
/// What <see cref="AdjustCardPayment"/> was called before it also lowered payments (queue
/// <c>ordering-cancel-card-payment</c>). No longer sent; still consumed, the same way, so that a command written by the
/// previous release (an unsent outbox row, a queued message) is carried out after an upgrade.
/// </summary>
/// <param name="CheckoutId">The checkout.</param>
public sealed record CancelCardPayment(Guid CheckoutId);
