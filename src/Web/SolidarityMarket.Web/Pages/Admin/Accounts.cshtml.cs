using Microsoft.AspNetCore.Mvc;
using SolidarityMarket.Web.Admin;
using SolidarityMarket.Web.Pages.Me;

namespace SolidarityMarket.Web.Pages.Admin;

/// <summary>
/// Every credit account, as the ledger lists them to an administrator (<c>GET /api/ledger/accounts</c>, by exchange
/// then name). The API narrows by owner (<c>ownerId</c>) but not by exchange and has no paging: it answers at most
/// <see cref="AccountAdminClient.ListCap"/> accounts, so the exchange filter applies to those, and the page says so
/// when the cap was reached.
/// </summary>
public sealed class AccountsModel(AccountAdminClient ledger) : AdminPage
{
    [BindProperty(SupportsGet = true)]
    public string? Owner { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Exchange { get; set; }

    public IReadOnlyList<AdminAccount> Accounts { get; private set; } = [];

    /// <summary>The ledger answered its cap: there may be accounts it did not list.</summary>
    public bool Capped { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Guid? owner = null;
        if (Owner?.Trim() is { Length: > 0 } typed)
        {
            if (!Guid.TryParse(typed, out var parsed))
            {
                Errors = ["The owner id is the owner's number, e.g. 3f2c1a9e-5b7d-4c1e-9a2b-0c4d6e8f1a2b."];
                Response.StatusCode = 400;
                return Page();
            }

            owner = parsed;
        }

        var answer = await ledger.ListAsync(owner, ct);
        if (answer.Value is null)
        {
            return Fail(answer, "The accounts could not be found.") ?? Page();
        }

        Capped = answer.Value.Count >= AccountAdminClient.ListCap;
        var exchange = Exchange?.Trim() ?? "";
        Accounts = exchange.Length == 0 ? answer.Value : [.. answer.Value.Where(a => string.Equals(a.ExchangeId, exchange, StringComparison.OrdinalIgnoreCase))];
        return Page();
    }
}
