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

    /// <summary>From <c>VendorRegistered</c>; selects the platform fee override, if any.</summary>
    public string MembershipCategory { get; set; } = "";

    /// <summary>Users who act for the vendor: they see and handle its orders and onboard its payment account.</summary>
    public List<string> StaffUserIds { get; set; } = [];

    /// <summary>
    /// Catalog's staff version of <see cref="StaffUserIds"/>: 0 for the list registered with the vendor, then one more
    /// per <c>VendorStaffChanged</c>. An older list never replaces a newer one, whatever order they arrive in; a
    /// concurrency token, so two lists applied at once cannot both commit.
    /// </summary>
    [ConcurrencyCheck]
    public int StaffVersion { get; set; }

    /// <summary>The vendor's credit account (payee of credit orders), from the ledger's <c>CreditAccountOpened</c>.</summary>
    public Guid? CreditAccountId { get; set; }

    /// <summary>The vendor's connected card-payment account (Stripe <c>acct_...</c>, or a simulated one).</summary>
    public string? StripeAccountId { get; set; }

    public bool ChargesEnabled { get; set; }

    public bool PayoutsEnabled { get; set; }

    /// <summary>
    /// When the connected account's status was read from the provider; older observations are ignored. A concurrency
    /// token: two account updates handled at once each compare their reading with this one and then write, and without
    /// it the older could commit last and put back a status the provider no longer has (a review found it).
    /// </summary>
    [ConcurrencyCheck]
    public DateTimeOffset? PaymentAccountObservedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Card sales need a certificate valid at <paramref name="now"/> and an account that can take charges.</summary>
    public bool AcceptsCardAt(DateTimeOffset now) => Certified && CertifiedUntil > now && ChargesEnabled && StripeAccountId is not null;
}
