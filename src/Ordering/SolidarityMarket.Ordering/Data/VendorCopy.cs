namespace SolidarityMarket.Ordering.Data;

/// <summary>
/// Ordering's read copy of a Catalog vendor, built from Catalog's events. Ordering decides from it whether a
/// vendor may take card payments (certificate and Stripe status arrive with later events).
/// </summary>
public sealed class VendorCopy
{
    public Guid VendorId { get; set; }

    public string Name { get; set; } = "";

    public string Sector { get; set; } = "";

    public bool Certified { get; set; }

    public DateTimeOffset? CertifiedUntil { get; set; }

    public bool ChargesEnabled { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}
