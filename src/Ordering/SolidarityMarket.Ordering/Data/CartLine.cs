namespace SolidarityMarket.Ordering.Data;

/// <summary>A line of a buyer's cart: a listing and how many. One row per (buyer, listing).</summary>
public sealed class CartLine
{
    public string BuyerUserId { get; set; } = "";

    public Guid ListingId { get; set; }

    public int Quantity { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}
