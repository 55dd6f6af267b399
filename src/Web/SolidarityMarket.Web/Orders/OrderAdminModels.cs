using SolidarityMarket.Web.Catalog;

namespace SolidarityMarket.Web.Orders;

// The Ordering API's answers as the administrators' order pages read them; only the fields shown. Amounts in the
// order's payment unit: card in cents, credits in hundredths.

/// <summary>An open dispute in <c>GET /api/ordering/disputes</c>, with the buyer's reason from the order's history.</summary>
public sealed record DisputeSummary(
    Guid OrderId, Guid VendorId, string VendorName, string BuyerUserId, string PaymentMethod, long Total,
    DateTimeOffset? DisputedAt, string? Reason, DateTimeOffset? HoldExpiresAt);

public sealed record DisputeList(int Page, int PageSize, int Total, IReadOnlyList<DisputeSummary> Items);

/// <summary>
/// An order no job will settle by itself (<c>GET /api/ordering/attention</c>): <c>settlement-rejected</c>,
/// <c>dispute-overdue</c> or <c>hold-expiring</c>, with the API's words for it.
/// </summary>
public sealed record AttentionEntry(
    Guid OrderId, Guid VendorId, string BuyerUserId, string PaymentMethod, string Status, long Total, string Kind, string Detail,
    DateTimeOffset Since, DateTimeOffset? HoldExpiresAt, string? VendorName = null);

public sealed record AttentionList(int Count, IReadOnlyList<AttentionEntry> Items);

public sealed record OrderHistoryLine(string Status, DateTimeOffset At, string Actor, string? Reason);

/// <summary>One order as an administrator reads it (<c>GET /api/ordering/orders/{id}</c>), its history included.</summary>
public sealed record AdminOrder(
    Guid Id, Guid CheckoutId, string BuyerUserId, Guid VendorId, string PaymentMethod, string Status, long Total,
    string? RefundId, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? HoldExpiresAt, string? SettlementProblem,
    IReadOnlyList<OrderLineView> Lines, IReadOnlyList<OrderHistoryLine>? History)
{
    public bool Disputed => Status == "Disputed";

    public bool Credits => PaymentMethod == "credits";

    public string Amount(long value) => Credits ? Display.Credits(value) : Display.Usd(value);
}

/// <summary>How an administrator decides a dispute; the API's <c>outcome</c> values.</summary>
public enum DisputeOutcome
{
    /// <summary>The vendor keeps the money: the held credits are posted, the card payment kept.</summary>
    Completed,

    /// <summary>The buyer gets it back: the hold is voided, the card payment refunded.</summary>
    Refunded,
}
