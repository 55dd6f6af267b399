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
            var request = context.HttpContext.Request;
            context.Result = new RedirectResult(request.PathBase + request.Path + request.QueryString);
        }
    }

    public void OnResultExecuted(ResultExecutedContext context)
    {
    }
}
