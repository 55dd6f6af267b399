using Microsoft.AspNetCore.Mvc;
using SolidarityMarket.Web.Members;

namespace SolidarityMarket.Web.Pages.Me;

/// <summary>The member's credit accounts (<c>GET /api/ledger/accounts</c>: the API lists only the caller's own).</summary>
public sealed class AccountsModel(LedgerClient ledger) : MemberPage
{
    public IReadOnlyList<LedgerAccount> Accounts { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var answer = await ledger.ListAccountsAsync(ct);
        if (answer.Value is null)
        {
            return Fail(answer, "Your accounts could not be found.") ?? Page();
        }

        Accounts = answer.Value;
        return Page();
    }
}
