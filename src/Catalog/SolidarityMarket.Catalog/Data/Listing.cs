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

    /// <summary>One of the sector's configured categories (<see cref="CatalogOptions.CategoriesOf"/>).</summary>
    public string Category { get; set; } = "";

    /// <summary>What one unit is: kg, hour, item, ... (free text, at most 20 characters).</summary>
    public string Unit { get; set; } = "";

    /// <summary>Card price in USD cents; null when the listing is not sold by card.</summary>
    public long? PriceCents { get; set; }

    /// <summary>Barter price in credit hundredths; null when the listing does not accept credits.</summary>
    public long? PriceCredits { get; set; }

    /// <summary>Units in stock for goods; for services their capacity, or null when unlimited.</summary>
    public int? Stock { get; set; }

    public ListingStatus Status { get; set; }

    /// <summary>
    /// Search copies of the vendor's name, region and certificate end (<see cref="Vendor.CertifiedUntil"/>), so that
    /// search, its filters and its facet counts read one table (docs/adr/0006). Set when the listing is created; a
    /// database trigger on <c>Vendors</c> copies later changes of the vendor into its listings in the same statement.
    /// </summary>
    public string VendorName { get; set; } = "";

    /// <summary>See <see cref="VendorName"/>.</summary>
    public string VendorRegion { get; set; } = "";

    /// <summary>See <see cref="VendorName"/>. The vendor counts as certified while this is in the future.</summary>
    public DateTimeOffset? VendorCertifiedUntil { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>
    /// Optimistic-concurrency token: every change of the listing increments it — edits through SaveChanges and
    /// stock reservations through their conditional <c>ExecuteUpdate</c> — so an edit that read the listing before a
    /// reservation took stock fails instead of overwriting the reserved stock.
    /// </summary>
    public int Version { get; set; }

    /// <summary>
    /// The caller who created the listing under an idempotency key, the key, and the hash of the request it came with
    /// (<see cref="Features.Listings.CreateListing"/>): a repeat with the same key answers this listing again instead of
    /// creating a second draft. Null for listings created without a key.
    /// </summary>
    public string? CreatedByUserId { get; set; }

    public string? CreationKey { get; set; }

    public string? CreationHash { get; set; }
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

/// <summary>Storage limits of a listing shared by the model and the request validation.</summary>
public static class ListingRules
{
    public const int MaxUnitLength = 20;
}
