namespace SolidarityMarket.Catalog.Data;

/// <summary>A good or service offered by a vendor, priced in USD cents and/or credit hundredths (at least one).</summary>
public sealed class Listing
{
    public Guid Id { get; set; }

    public Guid VendorId { get; set; }

    public string Title { get; set; } = "";

    public string Description { get; set; } = "";

    public ListingKind Kind { get; set; }

    public string Sector { get; set; } = "";

    /// <summary>Card price in USD cents; null when the listing is not sold by card.</summary>
    public long? PriceCents { get; set; }

    /// <summary>Barter price in credit hundredths; null when the listing does not accept credits.</summary>
    public long? PriceCredits { get; set; }

    /// <summary>Units in stock for goods; for services their capacity, or null when unlimited.</summary>
    public int? Stock { get; set; }

    public ListingStatus Status { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>
    /// Optimistic-concurrency token: every change of the listing increments it — edits through SaveChanges and
    /// stock reservations through their conditional <c>ExecuteUpdate</c> — so an edit that read the listing before a
    /// reservation took stock fails instead of overwriting the reserved stock.
    /// </summary>
    public int Version { get; set; }
}

public enum ListingKind
{
    Good,
    Service,
}

public enum ListingStatus
{
    Draft,
    Published,
    Archived,
}
