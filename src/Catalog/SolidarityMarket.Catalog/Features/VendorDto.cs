using SolidarityMarket.Catalog.Data;

namespace SolidarityMarket.Catalog.Features;

/// <summary>
/// A vendor as the public sees it, including its postal address, its location in degrees (converted from the stored
/// micro-degrees) and its public contact — except for a vendor that is a person, whose address, contact and exact
/// location only its staff and administrators see (<see cref="VendorPrivacy"/>). Whether its card-payment account can take charges and be paid out is public
/// (buyers see whether card payment is possible); the account id and when its status was read are shown only to the
/// vendor's staff and administrators, and are null for everyone else.
/// </summary>
public sealed record VendorDto(
    Guid Id, string Name, string Description, string Category, string Sector, string Region, string? Website, DateTimeOffset RegisteredAt,
    string? Street, string? City, string? PostalCode, string? Country, double? Latitude, double? Longitude, string? ContactEmail, string? ContactPhone,
    bool ChargesEnabled, bool PayoutsEnabled, string? PaymentAccountId, DateTimeOffset? PaymentAccountObservedAt)
{
    /// <param name="v">The vendor.</param>
    /// <param name="staffView">True only for the vendor's staff and administrators: includes the payment account id.</param>
    public static VendorDto From(Vendor v, bool staffView)
    {
        var personal = !staffView && VendorPrivacy.IsPerson(v.Category);
        var (latitude, longitude) = personal
            ? (VendorPrivacy.Coarsen(v.LatitudeMicro), VendorPrivacy.Coarsen(v.LongitudeMicro))
            : (v.LatitudeMicro, v.LongitudeMicro);
        return new(
            v.Id, v.Name, v.Description, v.Category.ToString(), v.Sector, v.Region, v.Website, v.RegisteredAt,
            personal ? null : v.Street, v.City, personal ? null : v.PostalCode, v.Country,
            GeoCoordinates.ToDegrees(latitude), GeoCoordinates.ToDegrees(longitude),
            personal ? null : v.ContactEmail, personal ? null : v.ContactPhone, v.ChargesEnabled, v.PayoutsEnabled,
            staffView ? v.PaymentAccountId : null, staffView ? v.PaymentAccountObservedAt : null);
    }
}
