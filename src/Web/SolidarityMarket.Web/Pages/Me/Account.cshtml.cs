using Microsoft.AspNetCore.Mvc;
using SolidarityMarket.Web.Members;

namespace SolidarityMarket.Web.Pages.Me;

/// <summary>
/// One of the member's accounts and its statement, newest page last as the API pages it (entries in journal order
/// with the running balance). The API answers "not found" for an account the member does not hold, so does the page.
/// </summary>
public sealed class AccountModel(LedgerClient ledger) : MemberPage
{
    public const int PageSize = 25;

    public LedgerAccount? Account { get; private set; }

    public AccountStatement? Statement { get; private set; }

    /// <summary>
    /// The payment this page was reached from (the form redirects here once the ledger has taken it); the page says it
    /// was recorded only when its entry is on the page, so a crafted link cannot claim a payment that is not there.
    /// </summary>
    [BindProperty(SupportsGet = true, Name = "paid")]
    public Guid? Paid { get; set; }

    public int LastPage => Statement is null || Statement.Total == 0 ? 1 : ((Statement.Total - 1) / PageSize) + 1;

    public async Task<IActionResult> OnGetAsync(Guid id, [FromQuery(Name = "page")] int? page, CancellationToken ct)
    {
        var account = await ledger.GetAccountAsync(id, ct);
        if (account.Value is null)
        {
            return Fail(account, "There is no account of yours at this address.") ?? Page();
        }

        Account = account.Value;
        // Without a page, the last one: a member looks for their latest entries first.
        var first = await ledger.StatementAsync(id, page is >= 1 ? page.Value : 1, PageSize, ct);
        if (first.Value is { } statement && page is null && statement.Total > PageSize)
        {
            first = await ledger.StatementAsync(id, ((statement.Total - 1) / PageSize) + 1, PageSize, ct);
        }

        if (first.Value is null)
        {
            return Fail(first, "The statement of this account could not be found.") ?? Page();
        }

        Statement = first.Value;
        return Page();
    }
}
