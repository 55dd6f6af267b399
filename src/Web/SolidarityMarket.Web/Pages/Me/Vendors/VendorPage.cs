using Microsoft.AspNetCore.Mvc;
using SolidarityMarket.Web.Api;

namespace SolidarityMarket.Web.Pages.Me.Vendors;

/// <summary>
/// What a vendor's staff pages share beyond <see cref="MemberPage"/>: an API that did not answer is the catalog or
/// ordering, not the ledger; and after an action the page is shown again (a GET) with what happened, kept in the
/// protected TempData cookie rather than the address, which anyone could write.
/// </summary>
public abstract class VendorPage : MemberPage
{
    /// <summary>What the last action did, shown once after its redirect. The same key on every vendor page: an action on one page reports on the next.</summary>
    [TempData]
    public string? Notice { get; set; }

    /// <summary>As <see cref="MemberPage.Fail{T}"/>; a 404 or 403 from the API (not theirs, or no such thing) reads as <paramref name="notFound"/>.</summary>
    protected IActionResult? NotShown<T>(ApiAnswer<T> answer, string notFound)
        where T : class
    {
        return Fail(answer, notFound, "The marketplace");
    }

    /// <summary>The API's 400 messages (a field the form could not check, e.g. a category the sector does not have), else <paramref name="otherwise"/>.</summary>
    protected static IReadOnlyList<string> MessagesOr<T>(ApiAnswer<T> answer, string otherwise)
        where T : class => answer.Errors.Count > 0 ? answer.Errors : [otherwise];
}
