using SolidarityMarket.Ordering.Data;

namespace SolidarityMarket.Ordering.Features.Orders;

public sealed record OrderLineDto(Guid ListingId, string Title, int Quantity, long UnitPrice, long Amount);

public sealed record OrderHistoryDto(string Status, DateTimeOffset At, string Actor, string? Reason);

/// <summary>
/// An order as its buyer, its vendor's staff and administrators see it. Amounts in the payment method's minor unit.
/// Credits orders also show when the ledger's hold on the buyer's credits expires and, if the ledger refused to
/// settle it, why (<c>settlementProblem</c>, until an administrator clears it): both concern the buyer's and the
/// co-op's money, so all three see them.
/// </summary>
public sealed record OrderDto(
    Guid Id, Guid CheckoutId, string BuyerUserId, Guid VendorId, string PaymentMethod, string Status, long Total,
    long? PlatformFeeCents, string? TransferId, string? RefundId, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt,
    DateTimeOffset? HoldExpiresAt, string? SettlementProblem,
    IReadOnlyList<OrderLineDto> Lines, IReadOnlyList<OrderHistoryDto>? History)
{
    public static OrderDto From(Order o, IEnumerable<OrderHistoryEntry>? history) => new(
        o.Id, o.CheckoutId, o.BuyerUserId, o.VendorId, o.PaymentMethod.ToString().ToLowerInvariant(), o.Status.ToString(), o.Total,
        o.PlatformFeeCents, o.TransferId, o.RefundId, o.CreatedAt, o.UpdatedAt, o.HoldExpiresAt, o.SettlementProblem,
        [.. o.Lines.OrderBy(l => l.LineNumber).Select(l => new OrderLineDto(l.ListingId, l.Title, l.Quantity, l.UnitPrice, l.UnitPrice * l.Quantity))],
        history?.OrderBy(h => h.Id).Select(h => new OrderHistoryDto(h.Status.ToString(), h.At, h.Actor, h.Reason)).ToList());
}
