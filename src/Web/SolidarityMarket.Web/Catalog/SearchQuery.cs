using Microsoft.AspNetCore.Http;

namespace SolidarityMarket.Web.Catalog;

/// <summary>
/// The search the page shows, read from its query string — the same parameters as the Catalog API's
/// (<c>q</c>, <c>sector</c>, <c>region</c>, <c>priceBand</c> (each may repeat), <c>certified</c>, <c>acceptsCredits</c>,
/// <c>sort</c>, <c>page</c>) — so a page link and an API call say the same thing. Values are passed on as given; the
/// API validates them and the page shows its messages. Every link (facet, sort, page) is this search with one change.
/// </summary>
public sealed record SearchQuery
{
    public string? Text { get; init; }

    public IReadOnlyList<string> Sectors { get; init; } = [];

    public IReadOnlyList<string> Regions { get; init; } = [];

    public IReadOnlyList<string> PriceBands { get; init; } = [];

    public string? Certified { get; init; }

    public string? AcceptsCredits { get; init; }

    public string? Sort { get; init; }

    public string? Page { get; init; }

    public static SearchQuery From(IQueryCollection query) => new()
    {
        Text = Single(query, "q"),
        Sectors = Many(query, "sector"),
        Regions = Many(query, "region"),
        PriceBands = Many(query, "priceBand"),
        Certified = Single(query, "certified"),
        AcceptsCredits = Single(query, "acceptsCredits"),
        Sort = Single(query, "sort"),
        Page = Single(query, "page"),
    };

    /// <summary>True when anything narrows the search (words or a filter).</summary>
    public bool IsNarrowed => !string.IsNullOrWhiteSpace(Text) || Sectors.Count + Regions.Count + PriceBands.Count > 0
        || Certified is not null || AcceptsCredits is not null;

    /// <summary>The query string of this search (for a page link), starting with "?" or empty.</summary>
    public string ToQueryString() => QueryString.Create(Pairs()).ToUriComponent();

    /// <summary>The API's query string: this search and the page size.</summary>
    public string ToApiQueryString(int pageSize) =>
        QueryString.Create(Pairs().Append(new("pageSize", pageSize.ToString(System.Globalization.CultureInfo.InvariantCulture)))).ToUriComponent();

    public bool IsSelected(string facet, string value) => facet switch
    {
        Facet.Sector => Sectors.Contains(value),
        Facet.Region => Regions.Contains(value),
        Facet.PriceBand => PriceBands.Contains(value),
        Facet.Certified => Certified == value,
        Facet.AcceptsCredits => AcceptsCredits == value,
        _ => false,
    };

    /// <summary>
    /// This search with a facet value chosen, or un-chosen if it was, from the first page. Sector, region and price band
    /// take several values (any of them); certified and accepts-credits one.
    /// </summary>
    public SearchQuery Toggle(string facet, string value)
    {
        var selected = IsSelected(facet, value);
        var query = this with { Page = null };
        return facet switch
        {
            Facet.Sector => query with { Sectors = Toggled(Sectors, value, selected) },
            Facet.Region => query with { Regions = Toggled(Regions, value, selected) },
            Facet.PriceBand => query with { PriceBands = Toggled(PriceBands, value, selected) },
            Facet.Certified => query with { Certified = selected ? null : value },
            Facet.AcceptsCredits => query with { AcceptsCredits = selected ? null : value },
            _ => throw new ArgumentOutOfRangeException(nameof(facet), facet, "Unknown facet."),
        };
    }

    public SearchQuery WithPage(int page) => this with { Page = page == 1 ? null : page.ToString(System.Globalization.CultureInfo.InvariantCulture) };

    private IEnumerable<KeyValuePair<string, string?>> Pairs()
    {
        if (!string.IsNullOrEmpty(Text))
        {
            yield return new("q", Text);
        }

        foreach (var sector in Sectors)
        {
            yield return new("sector", sector);
        }

        foreach (var region in Regions)
        {
            yield return new("region", region);
        }

        if (Certified is not null)
        {
            yield return new("certified", Certified);
        }

        if (AcceptsCredits is not null)
        {
            yield return new("acceptsCredits", AcceptsCredits);
        }

        foreach (var band in PriceBands)
        {
            yield return new("priceBand", band);
        }

        if (!string.IsNullOrEmpty(Sort))
        {
            yield return new("sort", Sort);
        }

        if (Page is not null)
        {
            yield return new("page", Page);
        }
    }

    private static IReadOnlyList<string> Toggled(IReadOnlyList<string> values, string value, bool selected) =>
        selected ? values.Where(v => v != value).ToList() : [.. values, value];

    private static string? Single(IQueryCollection query, string key) =>
        query.TryGetValue(key, out var values) && values.Count > 0 && !string.IsNullOrEmpty(values[^1]) ? values[^1] : null;

    private static IReadOnlyList<string> Many(IQueryCollection query, string key) =>
        query.TryGetValue(key, out var values) ? values.Where(v => !string.IsNullOrEmpty(v)).Select(v => v!).Distinct().ToList() : [];
}

/// <summary>The facet names, as query parameters.</summary>
public static class Facet
{
    public const string Sector = "sector";
    public const string Region = "region";
    public const string PriceBand = "priceBand";
    public const string Certified = "certified";
    public const string AcceptsCredits = "acceptsCredits";
}
