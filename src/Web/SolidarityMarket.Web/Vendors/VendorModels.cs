namespace SolidarityMarket.Web.Vendors;

// The UI's own reading of the JSON a vendor's staff work with (Catalog's /my/vendors, /vendors/{id}/listings and
// /listings/{id}; Ordering's /vendors/{id}/orders reads as the buyer's OrderView). Kept here, not shared with the services: the UI depends on the
// published APIs only. Only the fields a page shows or sends back. Money is minor units: USD cents, credit hundredths.

/// <summary>A vendor the member is staff of.</summary>
public sealed record ManagedVendor(Guid Id, string Name, string Description, string Sector, string Region);

/// <summary>
/// A listing as its vendor's staff see it, in any status. <see cref="Version"/> goes back with an edit (ADR 0017), so
/// an edit from a form read before an order took stock is refused instead of writing the old stock back.
/// </summary>
public sealed record ManagedListing(
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
    int Version);

/// <summary>
/// The body of a listing's create (<c>POST</c>, no version; <see cref="IdempotencyKey"/> is the new-listing form's
/// one-time key, so the same form sent twice makes one draft) and replace (<c>PUT</c>, the version read, no key).
/// </summary>
public sealed record ListingFields(
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
    int? Version = null,
    string? IdempotencyKey = null);

/// <summary>
/// The body of <c>POST /api/catalog/vendors</c> as the registration form sends it. <see cref="IdempotencyKey"/> is
/// the form's one-time key: the same form sent twice registers one vendor.
/// </summary>
public sealed record VendorRegistration(
    string? Name, string? Description, string? Category, string? Sector, string? Region, string? Website,
    string? Street, string? City, string? PostalCode, string? Country, double? Latitude, double? Longitude,
    string? ContactEmail, string? ContactPhone, string IdempotencyKey);

/// <summary>How buyers may pay a vendor (Ordering's <c>/vendors/{id}/payment-options</c>): card only when certified and charges are enabled.</summary>
public sealed record VendorPaymentOptions(Guid VendorId, string Name, bool Certified, bool ChargesEnabled, bool AcceptsCard);

/// <summary>Ordering's answer to setting up card payments: the connected account and where its onboarding goes on (the provider's hosted page).</summary>
public sealed record PaymentOnboarding(Guid VendorId, string AccountId, bool ChargesEnabled, Uri OnboardingUrl);
