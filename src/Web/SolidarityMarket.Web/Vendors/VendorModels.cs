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

/// <summary>The body of a listing's create (<c>POST</c>, no version) and replace (<c>PUT</c>, the version read).</summary>
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
    int? Version = null);
