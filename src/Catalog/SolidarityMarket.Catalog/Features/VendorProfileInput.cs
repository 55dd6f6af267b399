using System.Net.Mail;
using System.Text.RegularExpressions;
using SolidarityMarket.Catalog.Data;
using SolidarityMarket.ServiceDefaults.Web;

namespace SolidarityMarket.Catalog.Features;

/// <summary>
/// The optional profile fields of a vendor — postal address, coordinates in degrees (WGS 84), public contact — as
/// registration and the profile update accept them. Coordinates come both or neither, latitude −90..90 and
/// longitude −180..180; they are stored as micro-degrees (<see cref="GeoCoordinates"/>).
/// </summary>
public sealed partial record VendorProfileInput(
    string? Street, string? City, string? PostalCode, string? Country, double? Latitude, double? Longitude, string? ContactEmail, string? ContactPhone)
{
    [GeneratedRegex(@"^\+?[0-9 ()./-]+$")]
    private static partial Regex PhoneCharacters();

    public RequestErrors Validate(RequestErrors errors)
    {
        errors
            .Text(Street, "street", VendorLimits.Street, required: false)
            .Text(City, "city", VendorLimits.City, required: false)
            .Text(PostalCode, "postalCode", VendorLimits.PostalCode, required: false)
            .Text(Country, "country", VendorLimits.Country, required: false)
            .Require(Latitude is null || GeoCoordinates.IsLatitude(Latitude.Value), "latitude", "latitude must be a number from -90 to 90.")
            .Require(Longitude is null || GeoCoordinates.IsLongitude(Longitude.Value), "longitude", "longitude must be a number from -180 to 180.")
            .Require(Latitude.HasValue == Longitude.HasValue, Latitude.HasValue ? "longitude" : "latitude",
                "latitude and longitude must be given together (or both left out).")
            .Text(ContactEmail, "contactEmail", VendorLimits.ContactEmail, required: false)
            .Require(string.IsNullOrWhiteSpace(ContactEmail) || IsEmail(ContactEmail.Trim()), "contactEmail", "contactEmail must be an email address such as info@example.coop.")
            .Text(ContactPhone, "contactPhone", VendorLimits.ContactPhone, required: false)
            .Require(string.IsNullOrWhiteSpace(ContactPhone) || (PhoneCharacters().IsMatch(ContactPhone.Trim()) && ContactPhone.Any(char.IsAsciiDigit)),
                "contactPhone", "contactPhone may hold digits, spaces, a leading + and ( ) . / - only.");
        return errors;
    }

    /// <summary>Replaces the vendor's profile fields with these (validated) values; empty text clears a field.</summary>
    public void ApplyTo(Vendor vendor)
    {
        vendor.Street = Clean(Street);
        vendor.City = Clean(City);
        vendor.PostalCode = Clean(PostalCode);
        vendor.Country = Clean(Country);
        vendor.LatitudeMicro = Latitude is { } lat ? GeoCoordinates.ToMicro(lat) : null;
        vendor.LongitudeMicro = Longitude is { } lon ? GeoCoordinates.ToMicro(lon) : null;
        vendor.ContactEmail = Clean(ContactEmail);
        vendor.ContactPhone = Clean(ContactPhone);
    }

    /// <summary>An absolute http(s) URL of at most 300 characters, or nothing.</summary>
    public static RequestErrors ValidateWebsite(RequestErrors errors, string? website) => errors
        .Require(website is null || (Uri.TryCreate(website, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"),
            "website", "website must be an absolute http(s) URL.")
        .Text(website, "website", 300, required: false);

    /// <summary>The website as stored: trimmed as <see cref="ValidateWebsite"/> measured it (300 characters plus spaces passed the check and overflowed the column), null when blank.</summary>
    public static string? CleanWebsite(string? website) => Clean(website);

    private static bool IsEmail(string value) =>
        MailAddress.TryCreate(value, out var address) && address.Address == value && string.IsNullOrEmpty(address.DisplayName);

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
