namespace SolidarityMarket.Contracts.Catalog;

/// <summary>
/// The full current state of a listing, published through Catalog's outbox when it is created, edited, published or
/// archived, when a release gives stock back, and when a reservation sells it out (stock 0). A reservation that
/// leaves stock publishes none, so <paramref name="Stock"/> may be above the real stock until the next snapshot,
/// never below it. Ordering keeps its read copy of listings from it (title, vendor, prices, whether it can be bought).
/// </summary>
/// <remarks>
/// Events may arrive out of order (separate retries of outbox rows): <paramref name="Version"/> is the listing's
/// optimistic-concurrency version, which increases with every change, so a consumer keeps the snapshot with the
/// greatest version and ignores older ones.
/// </remarks>
/// <param name="ListingId">The listing's id in Catalog.</param>
/// <param name="VendorId">The vendor that offers it.</param>
/// <param name="Title">Its title (plain text).</param>
/// <param name="Kind"><c>Good</c> or <c>Service</c>.</param>
/// <param name="Status"><c>Draft</c>, <c>Published</c> or <c>Archived</c>; only published listings can be ordered.</param>
/// <param name="Unit">What one unit is (e.g. <c>kg</c>, <c>hour</c>, <c>item</c>).</param>
/// <param name="PriceCents">Card price in USD cents, or null when it is not sold by card.</param>
/// <param name="PriceCredits">Price in credit hundredths, or null when it does not accept credits.</param>
/// <param name="Stock">Units available now; null for a service without a capacity (unlimited).</param>
/// <param name="Version">Increases with every change of the listing.</param>
/// <param name="ChangedAt">When the change was recorded.</param>
public sealed record ListingChanged(
    Guid ListingId,
    Guid VendorId,
    string Title,
    string Kind,
    string Status,
    string Unit,
    long? PriceCents,
    long? PriceCredits,
    int? Stock,
    int Version,
    DateTimeOffset ChangedAt);
