using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using SolidarityMarket.Web.Catalog;

namespace SolidarityMarket.Web.Pages;

/// <summary>
/// The public marketplace search: words, facet filters with counts, sort and pages, from <c>GET /api/catalog/listings</c>.
/// A search the API refuses is shown with its messages (400); an API that does not answer, as such (503).
/// </summary>
[AllowAnonymous]
public sealed class IndexModel(CatalogClient catalog, IOptions<WebOptions> options) : PageModel
{
    public SearchQuery Query { get; private set; } = new();

    public ListingSearchPage? Results { get; private set; }

    public IReadOnlyList<string> Errors { get; private set; } = [];

    public bool Unavailable { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Query = SearchQuery.From(Request.Query);
        var answer = await catalog.SearchAsync(Query.ToApiQueryString(options.Value.PageSize), ct);
        Results = answer.Value;
        Errors = answer.Errors;
        Unavailable = !answer.Ok && answer.Status != 400;
        if (!answer.Ok)
        {
            Response.StatusCode = answer.Status == 400 ? 400 : 503;
        }
    }

    /// <summary>A link to this page with <paramref name="query"/>, under the app's path base.</summary>
    public string Link(SearchQuery query) => Url.Content("~/") + query.ToQueryString();

    /// <summary>The facet groups that have values (region has none without results), in the order shown, with their headings.</summary>
    public IEnumerable<(string Facet, string Heading, IReadOnlyList<FacetCount> Values)> FacetGroups()
    {
        if (Results is null)
        {
            return [];
        }

        (string, string, IReadOnlyList<FacetCount>)[] groups =
        [
            (Facet.Sector, "Sector", Results.Facets.Sector),
            (Facet.Region, "Region", Results.Facets.Region),
            (Facet.Certified, "Label", Results.Facets.Certified),
            (Facet.AcceptsCredits, "Payment", Results.Facets.AcceptsCredits),
            (Facet.PriceBand, "Price", Results.Facets.PriceBand),
        ];
        return groups.Where(g => g.Item3.Count > 0);
    }
}
