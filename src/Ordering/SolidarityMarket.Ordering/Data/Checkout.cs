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
    /// The card payment's amount to pay: the sum of the claimed card orders, fixed when they are claimed (before the
    /// provider is asked) and asked for on every attempt under the payment's idempotency key; 0 until then. Once the
    /// payment is recorded, lowered by the total of each claimed order that ends before the buyer pays (see
    /// <see cref="Order.CardPaymentLoweredToCents"/>) — never raised. What the buyer was charged is
    /// <see cref="CardAmountReceivedCents"/>.
    /// </summary>
    public long CardAmountCents { get; set; }

    /// <summary>
    /// What the provider reports it received when the payment succeeded (its <c>amount_received</c>); null until then.
    /// It can exceed <see cref="CardAmountCents"/> when the buyer paid before a lowering reached the provider; the
    /// orders it charged for are decided from it, and the reconciliation expects a charge of this amount.
    /// </summary>
    public long? CardAmountReceivedCents { get; set; }

    public string? CardClientSecret { get; set; }

    public string? CardChargeId { get; set; }

    /// <summary>When Ordering learnt the charge succeeded (set once); the daily reconciliation expects the charge that day.</summary>
    public DateTimeOffset? CardChargedAt { get; set; }

    public string? CardFailureMessage { get; set; }

    public long CardRefundedCents { get; set; }

    [System.ComponentModel.DataAnnotations.ConcurrencyCheck]
    public int Version { get; set; }
}
