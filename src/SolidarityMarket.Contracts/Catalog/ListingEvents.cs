namespace SolidarityMarket.Contracts.Catalog;

/// <summary>A listing's prices changed (published through Catalog's outbox whatever the listing's status).</summary>
/// <param name="ListingId">The listing's id in Catalog.</param>
/// <param name="VendorId">The vendor that offers it.</param>
/// <param name="PriceCents">The card price in USD cents, or null when it is not sold by card.</param>
/// <param name="PriceCredits">The price in credit hundredths, or null when it does not accept credits.</param>
/// <param name="ChangedAt">When the change was recorded.</param>
public sealed record ListingPriceChanged(Guid ListingId, Guid VendorId, long? PriceCents, long? PriceCredits, DateTimeOffset ChangedAt);

/// <summary>
/// A listing's stock (for a service, its capacity) changed: edited by the vendor's staff, or taken or given back
/// by a stock reservation.
/// </summary>
/// <param name="ListingId">The listing's id in Catalog.</param>
/// <param name="VendorId">The vendor that offers it.</param>
/// <param name="Stock">Units now available; null for a service without a capacity (unlimited).</param>
/// <param name="ChangedAt">When the change was recorded.</param>
public sealed record ListingStockChanged(Guid ListingId, Guid VendorId, int? Stock, DateTimeOffset ChangedAt);
