using SolidarityMarket.Ordering.Orders;

namespace SolidarityMarket.Ordering.Data;

/// <summary>
/// One vendor's part of a checkout. Status changes go through <see cref="OrderStateMachine"/> (see
/// <c>OrderTransitions</c>), each leaving an <see cref="OrderHistoryEntry"/>. <see cref="Version"/> is a concurrency
/// token: two changes of the same order at once (a message and a person's click) cannot both win; the loser is
/// retried (consumers) or answered 409 (endpoints).
/// </summary>
public sealed class Order
{
    public Guid Id { get; set; }

    public Guid CheckoutId { get; set; }

    public string BuyerUserId { get; set; } = "";

    public Guid VendorId { get; set; }

    public PaymentMethod PaymentMethod { get; set; }

    public OrderStatus Status { get; set; }

    /// <summary>Sum of the lines, in the payment method's minor unit (USD cents or credit hundredths).</summary>
    public long Total { get; set; }

    /// <summary>Credits: the buyer's account that pays.</summary>
    public Guid? PayerAccountId { get; set; }

    /// <summary>Credits: the vendor's account that is paid (from Ordering's copy at checkout).</summary>
    public Guid? PayeeAccountId { get; set; }

    /// <summary>Credits: true once HoldCredits was sent, so a cancellation knows to void it.</summary>
    public bool HoldRequested { get; set; }

    /// <summary>
    /// Card: the order is part of its checkout's card payment — claimed (its stock reserved) before the payment was
    /// asked for, and never unset, so a retry of the payment asks for the same orders.
    /// </summary>
    public bool InCardPayment { get; set; }

    /// <summary>
    /// Card: set when the order ended (cancelled or rejected) before the buyer paid and its total was taken off the
    /// checkout's payment — the payment's amount without it (and without every order taken off before). Saved before
    /// the provider is asked to lower the amount, which may come too late (the buyer paid first) or not at all, so the
    /// success path decides from what the provider actually received: a payment that received no more than this did not
    /// charge for the order (nothing to refund); one that received more did (refunded). Amounts only go down, so each
    /// lowering has its own amount. Null while the order is counted in the payment.
    /// </summary>
    public long? CardPaymentLoweredToCents { get; set; }

    /// <summary>Card: the platform fee kept (what is not transferred), fixed when the order is paid.</summary>
    public long? PlatformFeeCents { get; set; }

    /// <summary>
    /// Card: set (and saved, under the concurrency token) before the co-op's transfer is asked for. A refund that finds
    /// it set without a <see cref="TransferId"/> looks the transfer up at the provider (the checkout's transfer group,
    /// the order id in its metadata) and reverses it, so a cancellation racing the transfer never leaves the co-op
    /// paid for a refunded order; see <c>RefundCardOrderConsumer</c>.
    /// </summary>
    public DateTimeOffset? TransferClaimedAt { get; set; }

    public string? TransferId { get; set; }

    /// <summary>Card: when the co-op's transfer (<see cref="TransferId"/>) was recorded; the reconciliation expects it that day.</summary>
    public DateTimeOffset? TransferredAt { get; set; }

    public string? RefundId { get; set; }

    /// <summary>Card: when the refund (<see cref="RefundId"/>) was recorded; the reconciliation expects it that day.</summary>
    public DateTimeOffset? RefundedAt { get; set; }

    /// <summary>Card: the provider's reversal of the co-op's transfer made with the refund (<c>trr_...</c>), if there was a transfer.</summary>
    public string? TransferReversalId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public DateTimeOffset? PaidAt { get; set; }

    public DateTimeOffset? FulfilledAt { get; set; }

    /// <summary>Credits: when the ledger's hold expires (from <c>CreditsHeld</c>); the jobs settle the order before it.</summary>
    public DateTimeOffset? HoldExpiresAt { get; set; }

    /// <summary>When the order was disputed; an administrator has <c>DisputeResolutionDays</c> from then.</summary>
    public DateTimeOffset? DisputedAt { get; set; }

    /// <summary>
    /// Credits: the ledger refused to post or void the hold (e.g. it had expired). Set, the order is on the
    /// administrators' attention list until someone settles it by hand; it is never cleared silently.
    /// </summary>
    public string? SettlementProblem { get; set; }

    public DateTimeOffset? SettlementProblemAt { get; set; }

    [System.ComponentModel.DataAnnotations.ConcurrencyCheck]
    public int Version { get; set; }

    public List<OrderLine> Lines { get; set; } = [];

    public List<OrderHistoryEntry> History { get; set; } = [];

    /// <summary>The ledger hold of a credits order: derived from the order id, so a resend is the same hold.</summary>
    public Guid HoldId => Id;
}

/// <summary>A line of an order with the price frozen at checkout (in the order's payment unit).</summary>
public sealed class OrderLine
{
    public Guid OrderId { get; set; }

    public int LineNumber { get; set; }

    public Guid ListingId { get; set; }

    public string Title { get; set; } = "";

    public int Quantity { get; set; }

    public long UnitPrice { get; set; }
}

/// <summary>One immutable step of an order's history: rows are only ever added.</summary>
public sealed class OrderHistoryEntry
{
    public long Id { get; set; }

    public Guid OrderId { get; set; }

    public OrderStatus Status { get; set; }

    public DateTimeOffset At { get; set; }

    /// <summary>Who or what: a user id, or <c>catalog</c>, <c>ledger</c>, <c>card</c>, <c>expiry</c>, <c>auto-complete</c>.</summary>
    public string Actor { get; set; } = "";

    public string? Reason { get; set; }

    /// <summary>The longest <see cref="Reason"/> stored (and of <see cref="Order.SettlementProblem"/>).</summary>
    public const int MaxReasonLength = 500;

    /// <summary>A reason cut to what the column holds (messages from other systems can be longer).</summary>
    /// <remarks>Never splits a surrogate pair: half of one is not valid UTF-8 and PostgreSQL's driver refuses it.</remarks>
    public static string Fit(string text) =>
        text.Length <= MaxReasonLength ? text : text[..(char.IsHighSurrogate(text[MaxReasonLength - 1]) ? MaxReasonLength - 1 : MaxReasonLength)];
}
