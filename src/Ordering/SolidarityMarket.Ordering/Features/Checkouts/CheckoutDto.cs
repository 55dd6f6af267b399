using SolidarityMarket.Ordering.Data;
using SolidarityMarket.Ordering.Features.Orders;

namespace SolidarityMarket.Ordering.Features.Checkouts;

/// <summary>
/// The card payment of a checkout as the buyer's browser needs it (client secret while it is open). The amount is what
/// is to be paid now (lowered when an order ends before the buyer pays), and once paid what was charged.
/// </summary>
public sealed record CardPaymentDto(string? Gateway, string? PaymentId, string? Status, long AmountCents, string? ClientSecret, string? FailureMessage, long RefundedCents);

/// <summary>A checkout and its orders (one per vendor).</summary>
public sealed record CheckoutDto(Guid Id, string IdempotencyKey, DateTimeOffset CreatedAt, IReadOnlyList<OrderDto> Orders, CardPaymentDto? Card)
{
    public static CheckoutDto From(Checkout c, IEnumerable<Order> orders)
    {
        var list = orders.OrderBy(o => o.CreatedAt).ThenBy(o => o.Id).Select(o => OrderDto.From(o, null)).ToList();
        var card = list.Any(o => o.PaymentMethod == "card")
            ? new CardPaymentDto(c.CardGateway, c.CardPaymentId, c.CardPaymentStatus?.ToString(), c.CardAmountReceivedCents ?? c.CardAmountCents, c.CardClientSecret, c.CardFailureMessage, c.CardRefundedCents)
            : null;
        return new CheckoutDto(c.Id, c.IdempotencyKey, c.CreatedAt, list, card);
    }

    public static async Task<CheckoutDto> LoadAsync(OrderingDbContext db, Guid id, CancellationToken ct)
    {
        var checkout = await db.Checkouts.AsNoTracking().FirstAsync(c => c.Id == id, ct);
        var orders = await db.Orders.AsNoTracking().Include(o => o.Lines).Where(o => o.CheckoutId == id).ToListAsync(ct);
        return From(checkout, orders);
    }
}
