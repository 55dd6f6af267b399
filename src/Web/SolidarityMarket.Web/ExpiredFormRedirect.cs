using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.Core.Infrastructure;

namespace SolidarityMarket.Web;

/// <summary>
/// A form whose antiforgery token no longer matches — sent from a tab opened before signing in or out elsewhere, or
/// forged by another site — is refused as Razor Pages refuses it, changing nothing, but the browser is sent to the
/// page again (a GET, with a fresh form) instead of an empty 400.
/// </summary>
internal sealed class ExpiredFormRedirect : IAlwaysRunResultFilter
{
    public void OnResultExecuting(ResultExecutingContext context)
    {
        if (context.Result is IAntiforgeryValidationFailedResult)
        {
            // The page itself, without the POST handler's name: the GET shows the page, not a half-done action.
            var request = context.HttpContext.Request;
            var query = QueryString.Create(request.Query.Where(p => !string.Equals(p.Key, "handler", StringComparison.OrdinalIgnoreCase)));
            var page = (request.PathBase + request.Path).ToUriComponent();
            // A path such as "//other.site" would be a redirect to another site: the home page instead.
            var local = page.StartsWith('/') && !page.StartsWith("//", StringComparison.Ordinal) && !page.StartsWith("/\\", StringComparison.Ordinal);
            context.Result = new RedirectResult(local ? page + query.ToUriComponent() : "~/");
        }
    }

    public void OnResultExecuted(ResultExecutedContext context)
    {
    }
}
