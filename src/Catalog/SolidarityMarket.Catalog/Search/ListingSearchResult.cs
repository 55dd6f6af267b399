namespace SolidarityMarket.Catalog.Search;

/// <summary>
/// One search result: the listing with its vendor's name, region, whether the vendor is certified now and until when
/// (null when it is not). Text is returned exactly as stored, as JSON strings (the API escapes HTML-significant
/// characters).
/// </summary>
public sealed record ListingHit(
    Guid Id,
    Guid VendorId,
    string VendorName,
    string VendorRegion,
    bool VendorCertified,
    DateTimeOffset? VendorCertifiedUntil,
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
    DateTimeOffset CreatedAt);

/// <summary>A facet value and how many results it would give (see <see cref="SearchFacets"/>).</summary>
public sealed record FacetCount(string Value, int Count);

/// <summary>
/// Counts per facet value. Each facet is counted over the results filtered by the text and by every OTHER facet's
/// filter, but not its own, so that choosing a second value of a facet shows what it would add. Sector, price band,
/// certified and accepts-credits list every value (zero counts included); region lists the regions that have results
/// plus any region filtered on.
/// </summary>
public sealed record SearchFacets(
    IReadOnlyList<FacetCount> Sector,
    IReadOnlyList<FacetCount> Region,
    IReadOnlyList<FacetCount> Certified,
    IReadOnlyList<FacetCount> AcceptsCredits,
    IReadOnlyList<FacetCount> PriceBand);

public sealed record ListingSearchResult(IReadOnlyList<ListingHit> Items, int Page, int PageSize, int Total, string Sort, SearchFacets Facets);
