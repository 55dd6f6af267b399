using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SolidarityMarket.Web.Admin;
using SolidarityMarket.Web.Catalog;
using SolidarityMarket.Web.Pages.Me;

namespace SolidarityMarket.Web.Pages.Admin;

/// <summary>
/// An administrator opens a member account for an owner (<c>POST /api/ledger/accounts</c>): exchange, category (its
/// limits), name and holders, each holder a user id or an e-mail address looked up at <c>GET /api/auth/users?email=</c>.
/// The owner defaults to the first holder's user id, as for an account a member opens for themselves. The ledger keeps
/// one member account per owner and exchange: sent again (or for an owner who has one), it answers that account and
/// the page says so. Then the account's page, with what happened in TempData.
/// </summary>
public sealed class NewAccountModel(AccountAdminClient ledger) : AdminPage
{
    public const int MaxHolders = 20;

    /// <summary>The ledger's default categories, offered as suggestions; the ledger's refusal names the configured ones.</summary>
    public static readonly string[] Categories = ["Individual", "SolidarityEconomyInitiative", "NetworkOrAssociation", "SupportOrganization", "AlliedOrganization"];

    [BindProperty]
    public string? Exchange { get; set; }

    [BindProperty]
    public string? Owner { get; set; }

    [BindProperty]
    public string? Category { get; set; } = "Individual";

    [BindProperty]
    public string? Name { get; set; }

    [BindProperty]
    public string? Holders { get; set; }

    /// <summary>Where the account page's notice is read (the same TempData key).</summary>
    [TempData]
    public string? Notice { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var errors = new List<string>();
        var exchange = Exchange?.Trim() ?? "";
        var category = Category?.Trim() ?? "";
        var name = Name?.Trim() ?? "";
        if (exchange.Length == 0)
        {
            errors.Add("Enter the exchange the account is in, e.g. food.");
        }

        if (category.Length == 0)
        {
            errors.Add("Enter the owner's category, e.g. Individual: it sets the account's limits.");
        }

        if (name.Length == 0)
        {
            errors.Add("Enter a name for the account, e.g. Riverside Bakers (food).");
        }

        var typed = (Holders ?? "").Split([',', ';', ' ', '\t', '\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (typed.Length is 0 or > MaxHolders)
        {
            errors.Add($"Enter from 1 to {MaxHolders} holders: the user ids or e-mail addresses of the people who use the account.");
        }

        Guid? owner = null;
        if (Owner?.Trim() is { Length: > 0 } ownerText)
        {
            if (Guid.TryParse(ownerText, out var parsed))
            {
                owner = parsed;
            }
            else
            {
                errors.Add("The owner id is the owner's number (a co-op's vendor id, or a member's user id), e.g. 3f2c1a9e-5b7d-4c1e-9a2b-0c4d6e8f1a2b.");
            }
        }

        if (errors.Count > 0)
        {
            return Refused(400, errors);
        }

        var holders = new List<string>();
        foreach (var holder in typed.Distinct(StringComparer.OrdinalIgnoreCase))
        {
            if (!holder.Contains('@', StringComparison.Ordinal))
            {
                holders.Add(holder);
                continue;
            }

            var user = await ledger.UserByEmailAsync(holder, ct);
            if (user.Value is null)
            {
                if (user.Status is 401 or 503 or 403)
                {
                    return Unanswered(user.Status);
                }

                errors.Add($"No user has the e-mail address {holder}.");
                continue;
            }

            holders.Add(user.Value.Id);
        }

        if (owner is null && holders.Count > 0)
        {
            if (Guid.TryParse(holders[0], out var individual))
            {
                owner = individual;
            }
            else
            {
                errors.Add("Enter the owner id: the first holder's user id is not one.");
            }
        }

        if (errors.Count > 0)
        {
            return Refused(400, errors);
        }

        var answer = await ledger.OpenAsync(exchange, owner!.Value, category, name, holders, ct);
        if (answer.Value is { } account)
        {
            Notice = answer.Status == 201
                ? $"Opened {account.Name}: down to {Display.Credits(-account.DebitLimit)}, up to {AccountModel.Ceiling(account.CreditLimit)}."
                : $"Owner {account.OwnerId} already has a member account in the {account.ExchangeId} exchange: this one. Nothing was opened.";
            return RedirectToPage("/Admin/Account", new { id = account.Id });
        }

        return answer.Status is 401 or 503 or 403 ? Unanswered(answer.Status) : Refused(answer.Status, answer.Errors.Count > 0 ? answer.Errors : ["The ledger refused to open this account."]);
    }

    private IActionResult Unanswered(int status) => status switch
    {
        401 => SignInAgain(),
        403 => Refused(403, [RoleRefused]),
        _ => Refused(503, ["The API did not answer, so the account may or may not have been opened. Sending the form again is safe: an owner gets one account per exchange."]),
    };

    protected override PageResult Refused(int status, IReadOnlyList<string> errors) =>
        base.Refused(status is >= 400 and < 600 ? status : 400, errors);
}
