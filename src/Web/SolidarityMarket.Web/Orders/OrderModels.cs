namespace SolidarityMarket.Web.Orders;

// The Ordering API's answers as the buyer's pages read them; only the fields shown. Card prices in cents, credit
// prices in hundredths.

public sealed record CartLineView(Guid ListingId, Guid VendorId, string Title, int Quantity, long? PriceCents, long? PriceCredits, bool Available);

public sealed record CartView(IReadOnlyList<CartLineView> Lines);

public sealed record OrderLineView(Guid ListingId, string Title, int Quantity, long UnitPrice, long Amount);

public sealed record OrderView(
    Guid Id, Guid CheckoutId, Guid VendorId, string PaymentMethod, string Status, long Total, DateTimeOffset CreatedAt,
    IReadOnlyList<OrderLineView> Lines);

public sealed record CheckoutView(Guid Id, IReadOnlyList<OrderView> Orders);

/// <summary>
/// A line of a checkout as the cart page's form carries it: what the buyer saw, price included, which the page
/// compares with the cart before ordering.
/// </summary>
public sealed class CheckoutLineForm
{
    public Guid ListingId { get; set; }

    public Guid VendorId { get; set; }

    public int Quantity { get; set; }

    /// <summary>The credit price per unit shown (hundredths).</summary>
    public long UnitPrice { get; set; }
}
