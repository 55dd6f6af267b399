using System.ComponentModel.DataAnnotations;

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

    /// <summary>
    /// The latest certificate Ordering has heard of (the greatest id: Catalog's certificate ids increase per vendor);
    /// <see cref="Certified"/> is its state — once false for this id it stays false, whatever arrives late. A
    /// concurrency token, so two certification events for the vendor handled at once cannot overwrite each other.
    /// </summary>
    [ConcurrencyCheck]
    public Guid? CertificateId { get; set; }

    public bool ChargesEnabled { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}
