namespace SolidarityMarket.Web.Orders;

// The Ordering API's answers as the buyer's pages read them; only the fields shown. Card prices in cents, credit
// prices in hundredths.

public sealed record CartLineView(Guid ListingId, Guid VendorId, string Title, int Quantity, long? PriceCents, long? PriceCredits, bool Available);

public sealed record CartView(IReadOnlyList<CartLineView> Lines);

public sealed record OrderLineView(Guid ListingId, string Title, int Quantity, long UnitPrice, long Amount);

public sealed record OrderView(
    Guid Id, Guid CheckoutId, Guid VendorId, string PaymentMethod, string Status, long Total, DateTimeOffset CreatedAt,
    IReadOnlyList<OrderLineView> Lines);

/// <summary>
/// A checkout's card payment: which gateway (<c>simulated</c> or <c>stripe</c>), its status as the provider reported it
/// (null until the payment exists: the card orders wait for their stock), what is to be paid or was charged, and
/// the client secret the card form needs while it can be paid.
/// </summary>
public sealed record CardPaymentView(string? Gateway, string? PaymentId, string? Status, long AmountCents, string? ClientSecret, string? FailureMessage, long RefundedCents);

public sealed record CheckoutView(Guid Id, IReadOnlyList<OrderView> Orders, CardPaymentView? Card = null);

/// <summary>How a buyer may pay a vendor now (Ordering's copy of its certification and card account).</summary>
public sealed record VendorPaymentOptions(Guid VendorId, string Name, bool Certified, bool ChargesEnabled, bool AcceptsCard);

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
