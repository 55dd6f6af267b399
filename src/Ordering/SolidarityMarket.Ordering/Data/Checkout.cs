using SolidarityMarket.Ordering.Payments;

namespace SolidarityMarket.Ordering.Data;

/// <summary>
/// A buyer's checkout: the orders it created (one per vendor) and, for the card-paid ones, the one card payment.
/// Unique per (buyer, idempotency key); <see cref="RequestHash"/> tells a retry from a different request with the
/// same key. <see cref="Version"/> is a concurrency token: the stock outcomes of its card orders all touch the
/// checkout, so the last one to arrive is the one that starts the payment, exactly once.
/// </summary>
public sealed class Checkout
{
    public Guid Id { get; set; }

    public string BuyerUserId { get; set; } = "";

    public string IdempotencyKey { get; set; } = "";

    public string RequestHash { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Card orders whose stock outcome is still unknown; the payment starts when it reaches 0.</summary>
    public int CardOrdersAwaitingStock { get; set; }

    public bool CardPaymentRequested { get; set; }

    public string? CardGateway { get; set; }

    public string? CardPaymentId { get; set; }

    public CardPaymentStatus? CardPaymentStatus { get; set; }

    /// <summary>
    /// The card payment's amount: the sum of the claimed card orders, fixed when they are claimed (before the provider
    /// is asked) and then asked for on every attempt under the payment's idempotency key; 0 until then. Unchanged by
    /// later cancellations (those are refunded from it).
    /// </summary>
    public long CardAmountCents { get; set; }

    public string? CardClientSecret { get; set; }

    public string? CardChargeId { get; set; }

    /// <summary>When Ordering learnt the charge succeeded (set once); the daily reconciliation expects the charge that day.</summary>
    public DateTimeOffset? CardChargedAt { get; set; }

    public string? CardFailureMessage { get; set; }

    public long CardRefundedCents { get; set; }

    [System.ComponentModel.DataAnnotations.ConcurrencyCheck]
    public int Version { get; set; }
}
