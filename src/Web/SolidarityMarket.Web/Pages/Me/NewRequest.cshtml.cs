using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SolidarityMarket.Web.Catalog;
using SolidarityMarket.Web.Members;

namespace SolidarityMarket.Web.Pages.Me;

/// <summary>
/// Ask another member for a payment (an invoice): <c>POST /api/ledger/payment-requests</c> from one of the member's
/// accounts. Like the payment form, the form carries the request's client id: sent twice, it asks once; a refusal
/// gets a fresh id, a form that got no answer keeps its id.
/// </summary>
public sealed class NewRequestModel(LedgerClient ledger) : MemberPage
{
    [BindProperty]
    public Guid? Payee { get; set; }

    [BindProperty]
    public string? Payer { get; set; }

    [BindProperty]
    public string? Amount { get; set; }

    [BindProperty]
    public string? Memo { get; set; }

    [BindProperty]
    public string? DueDate { get; set; }

    [BindProperty]
    public Guid RequestId { get; set; }

    [TempData]
    public string? Notice { get; set; }

    /// <summary>The member's active accounts, which can be paid into.</summary>
    public IReadOnlyList<LedgerAccount> Accounts { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        RequestId = Guid.NewGuid();
        return await LoadAccountsAsync(ct) ?? Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (await LoadAccountsAsync(ct) is { } failed)
        {
            return failed;
        }

        var errors = new List<string>();
        if (Payee is not { } payee || Accounts.All(a => a.Id != payee))
        {
            errors.Add("Choose one of your active accounts to be paid into.");
        }

        if (!Guid.TryParse(Payer?.Trim(), out var payer))
        {
            errors.Add("Enter the account number of the member you ask.");
        }
        else if (payer == Payee)
        {
            errors.Add("An account cannot ask itself for a payment.");
        }

        if (!CreditAmount.TryParse(Amount, out var amount, out var amountError))
        {
            errors.Add(amountError);
        }

        if (!DateOnly.TryParseExact(DueDate?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var due))
        {
            errors.Add("Enter the date the payment is due, e.g. 2027-01-31.");
        }

        if (errors.Count > 0 || RequestId == Guid.Empty)
        {
            return Refused(400, errors.Count > 0 ? errors : ["This form has expired. Check the details and send it again."]);
        }

        var answer = await ledger.AskForPaymentAsync(RequestId, Payee!.Value, payer, amount, Memo?.Trim() ?? "", due, ct);
        if (answer.Value is { } asked)
        {
            Notice = $"You asked account {asked.PayerAccountId} for {Display.Credits(asked.Amount)}.";
            return RedirectToPage("/Me/Requests");
        }

        if (answer.Status == 401)
        {
            return SignInAgain();
        }

        if (answer.Status == 503)
        {
            Response.StatusCode = 503;
            Errors = ["The ledger did not answer, so this request may or may not have been sent. Sending this form again is safe: it cannot ask twice."];
            return Page();
        }

        return Refused(answer.Status, answer.Status switch
        {
            409 => ["This form was already used for a different request. Check your requests before asking again."],
            404 => ["There is no account with that number. Check it with the member you are asking."],
            _ => answer.Errors.Count > 0 ? answer.Errors : ["The ledger refused this request."],
        });
    }

    private PageResult Refused(int status, IReadOnlyList<string> errors)
    {
        Errors = errors;
        RequestId = Guid.NewGuid();
        // The form shows posted values over the model's: without this it would carry the refused id again.
        ModelState.Remove(nameof(RequestId));
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
