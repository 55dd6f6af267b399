using System.Globalization;
using SolidarityMarket.Web.Vendors;

namespace SolidarityMarket.Web.Pages.Me.Vendors;

/// <summary>
/// The registration form's fields, as typed. Only what cannot be sent is checked here (coordinates that are not
/// numbers); everything else — required name, allowed category and sector, lengths, ranges, the website and contact
/// forms — is the Catalog's to refuse, and its 400 messages are shown beside the form. <see cref="Key"/> is the form's
/// one-time idempotency key, made when the form is first shown and sent back from a hidden field, so a form sent twice
/// (a double click, a reload of the POST) registers one vendor.
/// </summary>
public sealed class VendorForm
{
    /// <summary>The network's membership categories (the Catalog's names) with the words the form shows.</summary>
    public static readonly IReadOnlyList<(string Name, string Label)> Categories =
    [
        ("SolidarityEconomyInitiative", "Solidarity economy initiative (co-op, collective, mutual…)"),
        ("NetworkOrAssociation", "Network or association"),
        ("SupportOrganization", "Support organization"),
        ("AlliedOrganization", "Allied organization"),
        ("Individual", "Individual member"),
    ];

    public string? Name { get; set; }

    public string? Description { get; set; }

    public string? Category { get; set; } = Categories[0].Name;

    public string? Sector { get; set; }

    public string? Region { get; set; }

    public string? Website { get; set; }

    public string? Street { get; set; }

    public string? City { get; set; }

    public string? PostalCode { get; set; }

    public string? Country { get; set; }

    public string? Latitude { get; set; }

    public string? Longitude { get; set; }

    public string? ContactEmail { get; set; }

    public string? ContactPhone { get; set; }

    public string? Key { get; set; }

    /// <summary>A new, empty form with a fresh key.</summary>
    public static VendorForm New() => new() { Key = Guid.NewGuid().ToString("N") };

    /// <summary>The body to send, or the messages of what cannot be sent (then nothing is).</summary>
    public bool TryRead(out VendorRegistration registration, out IReadOnlyList<string> errors)
    {
        var problems = new List<string>();
        var latitude = Degrees(Latitude, "latitude", "52.52", problems);
        var longitude = Degrees(Longitude, "longitude", "13.405", problems);
        if (string.IsNullOrWhiteSpace(Key))
        {
            problems.Add("This form has expired. Open “Register a vendor” again.");
        }

        registration = new VendorRegistration(
            Text(Name), Text(Description), Text(Category), Text(Sector), Text(Region), Text(Website), Text(Street), Text(City), Text(PostalCode),
            Text(Country), latitude, longitude, Text(ContactEmail), Text(ContactPhone), Key?.Trim() ?? "");
        errors = problems;
        return problems.Count == 0;
    }

    private static double? Degrees(string? text, string what, string example, List<string> problems)
    {
        var value = (text ?? "").Trim();
        if (value.Length == 0)
        {
            return null;
        }

        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var degrees) && double.IsFinite(degrees))
        {
            return degrees;
        }

        problems.Add($"The {what} must be a number of degrees such as {example} (a point, not a comma), or left empty.");
        return null;
    }

    /// <summary>Blank fields are left out (the Catalog's "not given"); the rest is sent as typed for the Catalog to judge.</summary>
    private static string? Text(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
