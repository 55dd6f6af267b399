namespace SolidarityMarket.Catalog.Search;

/// <summary>How results are ordered. <see cref="Relevance"/> needs a text query; without one the newest come first.</summary>
public enum ListingSort
{
    Relevance,
    Price,
    Newest,
}

/// <summary>
/// A validated search: optional words, a filter per facet (several values of one facet are alternatives: sector=food
/// and sector=care finds both; different facets must all hold), the order and the page.
/// </summary>
public sealed record ListingSearchQuery
{
    public string? Text { get; init; }

    public IReadOnlySet<string> Sectors { get; init; } = new HashSet<string>();

    public IReadOnlySet<string> Regions { get; init; } = new HashSet<string>();

    public bool? Certified { get; init; }

    public bool? AcceptsCredits { get; init; }

    /// <summary>Band numbers (<see cref="PriceBands"/>).</summary>
    public IReadOnlySet<int> PriceBands { get; init; } = new HashSet<int>();

    public ListingSort Sort { get; init; } = ListingSort.Newest;

    public int Page { get; init; } = 1;

    public int PageSize { get; init; } = 20;
}
