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

/// <summary>
/// A page of results with the total and the facet counts. When the words of a relevance search match more published
/// listings than the match limit (<see cref="CatalogOptions.SearchMatchLimit"/>), the search works on the newest
/// <see cref="MatchLimit"/> of those matches only: <see cref="TotalRelation"/> is then "gte" (the total counts those
/// and is a lower bound, as Elasticsearch's <c>hits.total.relation</c>), <see cref="FacetsExact"/> is false (each
/// facet count is a count among them, a lower bound), and the page is ranked among them. Otherwise "eq" and true:
/// everything exact. docs/adr/0009-search-match-limit.md.
/// </summary>
public sealed record ListingSearchResult(IReadOnlyList<ListingHit> Items, int Page, int PageSize, int Total, string Sort, SearchFacets Facets)
{
    /// <summary>"eq": <see cref="Total"/> is exact; "gte": at least that many (see the record's summary).</summary>
    public string TotalRelation { get; init; } = "eq";

    /// <summary>Whether the facet counts count every match (false: only the newest <see cref="MatchLimit"/>).</summary>
    public bool FacetsExact { get; init; } = true;

    /// <summary>The number of matches that were counted and ranked when the limit was reached; null when every match was.</summary>
    public int? MatchLimit { get; init; }
}
