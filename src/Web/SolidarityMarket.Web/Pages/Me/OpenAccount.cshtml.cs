using Microsoft.AspNetCore.Mvc;
using SolidarityMarket.Web.Members;

namespace SolidarityMarket.Web.Pages.Me;

/// <summary>
/// A member opens their own account in an exchange (<c>POST /api/ledger/accounts</c>): the exchanges they hold none in
/// are offered. The ledger keeps one account per member and exchange, so a form sent twice opens one account.
/// </summary>
public sealed class OpenAccountModel(LedgerClient ledger) : MemberPage
{
    /// <summary>The exchanges the member holds no account in yet.</summary>
    public IReadOnlyList<LedgerExchange> Open { get; private set; } = [];

    [BindProperty(SupportsGet = true, Name = "welcome")]
    public bool Welcome { get; set; }

    [BindProperty]
    public string? ExchangeId { get; set; }

    [BindProperty]
    public string? Name { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ?? Page();

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } failed)
        {
            return failed;
        }

        if (string.IsNullOrEmpty(ExchangeId))
        {
            return Refused(400, ["Choose the exchange to open the account in."]);
        }

        var opened = await ledger.OpenAccountAsync(ExchangeId, string.IsNullOrWhiteSpace(Name) ? null : Name.Trim(), ct);
        if (opened.Value is { } account)
        {
            return Redirect(Url.Content($"~/me/accounts/{account.Id}"));
        }

        return opened.Status switch
        {
            401 => SignInAgain(),
            400 or 403 or 409 or 422 when opened.Errors.Count > 0 => Refused(opened.Status, opened.Errors),
            _ => Refused(503, ["The ledger is not answering at the moment. Please try again in a little while: the account is opened once however often this is sent."]),
        };
    }

    private async Task<IActionResult?> LoadAsync(CancellationToken ct)
    {
        var exchanges = await ledger.ExchangesAsync(ct);
        if (exchanges.Value is null)
        {
            return Fail(exchanges, "The exchanges could not be found.") ?? Page();
        }

        var accounts = await ledger.ListAccountsAsync(ct);
        if (accounts.Value is null)
        {
            return Fail(accounts, "Your accounts could not be found.") ?? Page();
        }

        var held = accounts.Value.Select(a => a.ExchangeId).ToHashSet(StringComparer.Ordinal);
        Open = exchanges.Value.Where(x => !held.Contains(x.Id)).ToList();
        return null;
    }

}
