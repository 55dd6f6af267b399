using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SolidarityMarket.Web.Members;

namespace SolidarityMarket.Web.Pages.Me;

/// <summary>
/// Pay another member from one of the member's accounts: a trade through <c>POST /api/ledger/transfers</c>, planned
/// by the ledger (fee and cross-sector legs included). The form carries the transfer's client id, made when the form
/// was shown: sent twice — a double click, a retry after the ledger did not answer — it pays once (the ledger
/// answers the second as a replay). A refusal gets a fresh id, as the member will change something before trying
/// again; a form that got no answer keeps its id, so sending it again cannot pay twice.
/// </summary>
public sealed class PayModel(LedgerClient ledger) : MemberPage
{
    [BindProperty(SupportsGet = true)]
    public Guid? From { get; set; }

    /// <summary>
    /// Never taken from the address: a link could otherwise bring a member to this form with another's account
    /// already filled in as the payee.
    /// </summary>
    [BindProperty]
    public string? To { get; set; }

    [BindProperty]
    public string? Amount { get; set; }

    [BindProperty]
    public string? Memo { get; set; }

    [BindProperty]
    public Guid TransferId { get; set; }

    /// <summary>The member's accounts that can pay (active ones).</summary>
    public IReadOnlyList<LedgerAccount> Accounts { get; private set; } = [];

    /// <summary>The last attempt got no answer: whether it was paid is unknown until the form is sent again.</summary>
    public bool Unanswered { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        TransferId = Guid.NewGuid();
        return await LoadAccountsAsync(ct) ?? Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (await LoadAccountsAsync(ct) is { } failed)
        {
            return failed;
        }

        var errors = new List<string>();
        if (From is not { } from || Accounts.All(a => a.Id != from))
        {
            errors.Add("Choose one of your active accounts to pay from.");
        }

        if (!Guid.TryParse(To?.Trim(), out var to))
        {
            errors.Add("Enter the account number of the member you pay (they find it on their accounts page).");
        }
        else if (to == From)
        {
            errors.Add("An account cannot pay itself: enter the account number of the member you pay.");
        }

        if (!CreditAmount.TryParse(Amount, out var amount, out var amountError))
        {
            errors.Add(amountError);
        }

        if (errors.Count > 0 || TransferId == Guid.Empty)
        {
            return Refused(400, errors.Count > 0 ? errors : ["This form has expired. Check the details and send it again."]);
        }

        var answer = await ledger.PayAsync(TransferId, From!.Value, to, amount, Memo?.Trim() ?? "", ct);
        if (answer.Ok)
        {
            return Redirect(Url.Content($"~/me/accounts/{From.Value}") + "?paid=" + TransferId);
        }

        if (answer.Status == 401)
        {
            // The session ended (the refresh token expired, or the member was suspended): sign in, then pay again.
            return SignInAgain();
        }

        if (answer.Status == 503)
        {
            Unanswered = true;
            Response.StatusCode = 503;
            Errors = ["The ledger did not answer, so this payment may or may not have been made. Sending this form again is safe: it cannot pay twice."];
            return Page();
        }

        return Refused(answer.Status, answer.Status == 409
            ? ["This form was already used for a different payment. Check your statement before paying again."]
            : PaymentRefusal.Explain(answer, Accounts.First(a => a.Id == From), to));
    }

    private PageResult Refused(int status, IReadOnlyList<string> errors)
    {
        Errors = errors;
        TransferId = Guid.NewGuid();
        // The form shows posted values over the model's: without this it would carry the refused id again.
        ModelState.Remove(nameof(TransferId));
        Response.StatusCode = status is >= 400 and < 500 ? status : 400;
        return Page();
    }

    private async Task<IActionResult?> LoadAccountsAsync(CancellationToken ct)
    {
        var answer = await ledger.ListAccountsAsync(ct);
        if (answer.Value is null)
        {
            return Fail(answer, "Your accounts could not be found.") ?? Page();
        }

        Accounts = [.. answer.Value.Where(a => a.Status == "Active")];
        return null;
    }
}
