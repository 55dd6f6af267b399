using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SolidarityMarket.Web.Api;

namespace SolidarityMarket.Web.Pages.Me;

/// <summary>
/// What the member pages share: an API answer that is not the value becomes the page's status and message, and a
/// session the API no longer accepts sends the member to sign in again, back to this page afterwards.
/// </summary>
public abstract class MemberPage : PageModel
{
    public IReadOnlyList<string> Errors { get; protected set; } = [];

    /// <summary>
    /// What a 403 from the API means on this page, when it is not "not yours" (shown as not found, so a member learns
    /// nothing of others' things): on an administrator's page, that the caller lost the role.
    /// </summary>
    protected virtual string? RefusedRole => null;

    /// <summary>To sign in, then back to this page (a GET: a form being sent is filled again afterwards).</summary>
    protected RedirectResult SignInAgain() =>
        Redirect(Url.Content("~/signin") + "?ReturnUrl=" + Uri.EscapeDataString(Request.PathBase + Request.Path + Request.QueryString));

    /// <summary>The page again with <paramref name="errors"/> and <paramref name="status"/> (a refused form, filled as it was sent).</summary>
    protected virtual PageResult Refused(int status, IReadOnlyList<string> errors)
    {
        Errors = errors;
        Response.StatusCode = status;
        return Page();
    }

    /// <summary>
    /// A refused or unanswered API call of a form: the page again (as <paramref name="reload"/> draws it) with the API's
    /// reasons (or <paramref name="refused"/>) and its 4xx status, or <paramref name="noAnswer"/> and 503; sign in
    /// again for a session the API no longer takes.
    /// </summary>
    protected async Task<IActionResult> AgainWithRefusalAsync<T>(ApiAnswer<T> answer, Func<Task<IActionResult>> reload, string noAnswer, string refused)
        where T : class
    {
        if (answer.Status == 401)
        {
            return SignInAgain();
        }

        var page = await reload();
        Errors = answer.Status switch
        {
            // A plain 403 (not a named refusal such as a second approver's) on a page that has a word for it: the role.
            403 when RefusedRole is { } role && answer.Reason is null or "forbidden" => [role],
            >= 400 and < 500 => answer.Errors.Count > 0 ? answer.Errors : [refused],
            _ => [noAnswer],
        };
        Response.StatusCode = answer.Status is >= 400 and < 500 ? answer.Status : 503;
        return page;
    }

    /// <summary>The redirect to sign in when the API refused the session (401), else null after setting the page's status.</summary>
    protected IActionResult? Fail<T>(ApiAnswer<T> answer, string notFound, string service = "The ledger")
        where T : class
    {
        if (answer.Status == 401)
        {
            return SignInAgain();
        }

        if (answer.Status == 403 && RefusedRole is { } refusedRole)
        {
            Response.StatusCode = 403;
            Errors = [refusedRole];
            return null;
        }

        Response.StatusCode = answer.Status is 404 or 403 or 400 ? 404 : answer.Status is > 400 and < 500 ? answer.Status : 503;
        Errors = answer.Status is 404 or 403 or 400 ? [notFound]
            : answer.Status == 503 ? [$"{service} is not answering at the moment. Please try again in a little while."]
            : answer.Errors;
        return null;
    }
}
