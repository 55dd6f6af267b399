using System.Globalization;
using AutoMapper;
using Microsoft.Extensions.Options;
using SolidarityMarket.Catalog.Data;
using SolidarityMarket.Catalog.Search;
using SolidarityMarket.ServiceDefaults.Web;

namespace SolidarityMarket.Catalog.Features;

/// <summary>
/// Public search of published listings: <c>q</c> (words matched in the title, description and vendor name),
/// filters <c>sector</c>, <c>region</c>, <c>priceBand</c> (each may repeat: any of the values), <c>certified</c> and
/// <c>acceptsCredits</c> (true/false), <c>sort</c> (relevance|price|newest), <c>page</c> and <c>pageSize</c>
/// (at most 100). Answers the page, the total and the facet counts. Every parameter is read as text and validated
/// here, so a bad value is a 400 naming it, never a binding failure.
/// </summary>
public static class SearchListings
{
    public const int MaxPageSize = 100;
    public const int MaxPage = 10_000;
    public const int MaxValuesPerFilter = 20;
    public const int MaxRegionLength = 100;

    public static void Map(IEndpointRouteBuilder group) =>
        group.MapGet("/listings", Handle).AllowAnonymous().WithName("SearchListings")
            .WithSummary("Search published listings, with facet counts");

    public static async Task<Results<Ok<ListingSearchResult>, ValidationProblem>> Handle(
        CatalogDbContext db, IMapper mapper, IOptions<CatalogOptions> options, TimeProvider time, CancellationToken ct,
        string? q = null, string[]? sector = null, string[]? region = null, string? certified = null, string? acceptsCredits = null,
        string[]? priceBand = null, string? sort = null, string? page = null, string? pageSize = null)
    {
        var sectors = options.Value.EffectiveSectors;
        var errors = new RequestErrors();
        var query = Parse(errors, sectors, q, sector ?? [], region ?? [], certified, acceptsCredits, priceBand ?? [], sort, page, pageSize);
        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        return TypedResults.Ok(await ListingSearch.RunAsync(
            db, mapper.ConfigurationProvider, query, sectors, time.GetUtcNow(), TextMatching.FullText, ct, options.Value.SearchMatchLimit));
    }

    internal static ListingSearchQuery Parse(
        RequestErrors errors, IReadOnlyList<string> sectors, string? q, string[] sector, string[] region, string? certified, string? acceptsCredits,
        string[] priceBand, string? sort, string? page, string? pageSize)
    {
        if (q is not null && q.Length > SearchWords.MaxTextLength)
        {
            errors.Add("q", $"q must be at most {SearchWords.MaxTextLength} characters.");
        }
        else if (!StorableText.IsStorable(q))
        {
            // PostgreSQL refuses NUL even as a parameter (a 500 otherwise); no listing contains such characters anyway.
            errors.Add("q", "q contains a control character (such as NUL) or a broken character.");
        }
        else if (!string.IsNullOrWhiteSpace(q) && SearchWords.Of(q).Count == 0)
        {
            errors.Add("q", "q must contain at least one word (letters or digits).");
        }

        errors.Require(sector.Length <= MaxValuesPerFilter && region.Length <= MaxValuesPerFilter && priceBand.Length <= MaxValuesPerFilter,
            "filters", $"At most {MaxValuesPerFilter} values per filter.");
        foreach (var s in sector.Where(s => !sectors.Contains(s)))
        {
            errors.Add("sector", $"'{s}' is not a sector; sectors are {string.Join(", ", sectors)}.");
        }

        errors.Require(region.All(r => !string.IsNullOrWhiteSpace(r) && r.Length <= MaxRegionLength && StorableText.IsStorable(r)), "region",
            $"region must be 1 to {MaxRegionLength} characters, with no control character (such as NUL).");
        var bands = priceBand.Select(PriceBands.Parse).ToList();
        errors.Require(bands.All(b => b is not null), "priceBand", $"priceBand must be one of {string.Join(", ", PriceBands.Keys)}.");
        var sortValue = ListingSort.Relevance;
        errors.Require(sort is null || EnumNames.TryParse(sort, out sortValue),
            "sort", "sort must be relevance, price or newest.");
        var pageNumber = Integer(errors, "page", page, 1, 1, MaxPage);
        var size = Integer(errors, "pageSize", pageSize, 20, 1, MaxPageSize);
        var hasWords = SearchWords.Of(q).Count > 0;
        return new ListingSearchQuery
        {
            Text = q,
            Sectors = sector.ToHashSet(StringComparer.Ordinal),
            Regions = region.ToHashSet(StringComparer.Ordinal),
            Certified = Bool(errors, "certified", certified),
            AcceptsCredits = Bool(errors, "acceptsCredits", acceptsCredits),
            PriceBands = bands.Where(b => b is not null).Select(b => b!.Value).ToHashSet(),
            // Without a sort: by relevance when there are words to rank by, else the newest first.
            Sort = sort is null ? (hasWords ? ListingSort.Relevance : ListingSort.Newest) : sortValue,
            Page = pageNumber,
            PageSize = size,
        };
    }

    private static int Integer(RequestErrors errors, string field, string? text, int fallback, int min, int max)
    {
        if (text is null)
        {
            return fallback;
        }

        var ok = int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max;
        errors.Require(ok, field, $"{field} must be a whole number from {min} to {max}.");
        return ok ? value : fallback;
    }

    private static bool? Bool(RequestErrors errors, string field, string? text)
    {
        if (text is null)
        {
            return null;
        }

        var ok = bool.TryParse(text, out var value);
        errors.Require(ok, field, $"{field} must be true or false.");
        return ok ? value : null;
    }
}
