namespace SolidarityMarket.Web.Catalog;

// The UI's own reading of the Catalog API's JSON (GET /api/catalog/listings, /listings/{id}, /vendors/{id}). Kept
// here, not shared with the Catalog project: the UI depends on the published API, not on the service's code. Only the
// fields a page shows; the API may add more. Money is minor units: USD cents and credit hundredths.

/// <summary>One search result.</summary>
public sealed record ListingHit(
    Guid Id,
    Guid VendorId,
    string VendorName,
    string VendorRegion,
    bool VendorCertified,
    string Title,
    string Description,
    string Kind,
    string Sector,
    string Category,
    string Unit,
    long? PriceCents,
    long? PriceCredits);

/// <summary>A facet value and how many results choosing it would give.</summary>
public sealed record FacetCount(string Value, int Count);

public sealed record SearchFacets(
    IReadOnlyList<FacetCount> Sector,
    IReadOnlyList<FacetCount> Region,
    IReadOnlyList<FacetCount> Certified,
    IReadOnlyList<FacetCount> AcceptsCredits,
    IReadOnlyList<FacetCount> PriceBand);

/// <summary>A page of results; <see cref="TotalRelation"/> "gte" means the total is a lower bound (docs/adr/0009).</summary>
public sealed record ListingSearchPage(
    IReadOnlyList<ListingHit> Items, int Page, int PageSize, int Total, string Sort, SearchFacets Facets, string TotalRelation = "eq")
{
    public int PageCount => Total == 0 ? 1 : (Total + PageSize - 1) / PageSize;
}

/// <summary>One published listing.</summary>
public sealed record ListingDetail(
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
    int? Capacity);

/// <summary>A vendor's public profile.</summary>
public sealed record VendorProfile(Guid Id, string Name, string Description, string Region, string? Website, string? City, string? Country);

/// <summary>The vendor's current "Solidarity Made" label, if any.</summary>
public sealed record CertificationLabel(Guid VendorId, bool Certified, string? Label, DateTimeOffset? ValidUntil);
