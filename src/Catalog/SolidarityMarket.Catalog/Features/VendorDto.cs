using SolidarityMarket.Catalog.Data;

namespace SolidarityMarket.Catalog.Features;

/// <summary>
/// A vendor as the public sees it, including its postal address, its location in degrees (converted from the stored
/// micro-degrees) and its public contact.
/// </summary>
public sealed record VendorDto(
    Guid Id, string Name, string Description, string Category, string Sector, string Region, string? Website, DateTimeOffset RegisteredAt,
    string? Street, string? City, string? PostalCode, string? Country, double? Latitude, double? Longitude, string? ContactEmail, string? ContactPhone)
{
    public static VendorDto From(Vendor v) => new(
        v.Id, v.Name, v.Description, v.Category.ToString(), v.Sector, v.Region, v.Website, v.RegisteredAt,
        v.Street, v.City, v.PostalCode, v.Country, GeoCoordinates.ToDegrees(v.LatitudeMicro), GeoCoordinates.ToDegrees(v.LongitudeMicro),
        v.ContactEmail, v.ContactPhone);
}
