namespace SolidarityMarket.Catalog.Features.Listings;

/// <summary>
/// A listing as its vendor's staff and (once published) the public see it. <c>Stock</c> is set for goods;
/// <c>Capacity</c> for services that have one. Text is returned exactly as stored; JSON encoding escapes markup.
/// Mapped from <see cref="Data.Listing"/> by <see cref="Mapping.CatalogMappingProfile"/>. <c>Version</c> moves with
/// every change, stock reservations and releases included; an edit (<c>PUT</c>) sends back the version it was based on.
/// </summary>
public sealed record ListingDto(
    Guid Id,
    Guid VendorId,
    string Title,
    string Description,
    string Kind,
    string Sector,
    string Category,
    string Unit,
    long? PriceCents,
    long? PriceCredits,
    int? Stock,
    int? Capacity,
    string Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    int Version);
