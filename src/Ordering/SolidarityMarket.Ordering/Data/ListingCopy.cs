namespace SolidarityMarket.Ordering.Data;

/// <summary>
/// Ordering's read copy of a Catalog listing, from <c>ListingChanged</c> snapshots: the one with the greatest
/// <see cref="Version"/> wins, whatever order they arrive in. Checkout prices come from here and are frozen on
/// the order lines; its stock is only a hint (Catalog's reservation decides).
/// </summary>
public sealed class ListingCopy
{
    public Guid ListingId { get; set; }

    public Guid VendorId { get; set; }

    public string Title { get; set; } = "";

    public string Status { get; set; } = "";

    public long? PriceCents { get; set; }

    public long? PriceCredits { get; set; }

    public int? Stock { get; set; }

    public int Version { get; set; }

    public DateTimeOffset ChangedAt { get; set; }

    public bool IsPublished => Status == "Published";
}
