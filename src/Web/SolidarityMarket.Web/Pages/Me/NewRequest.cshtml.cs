using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using SolidarityMarket.Web.Catalog;
using SolidarityMarket.Web.Members;

namespace SolidarityMarket.Web.Pages.Me;

/// <summary>
/// Ask another member for a payment (an invoice): <c>POST /api/ledger/payment-requests</c> into one of the member's
/// accounts, under the form's id as the request's client id (<see cref="AccountForm"/>: sent twice, it asks once).
/// </summary>
public sealed class NewRequestModel(LedgerClient ledger) : AccountForm(ledger)
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

    [TempData]
    public string? Notice { get; set; }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (await LoadAccountsAsync(ct) is { } failed)
        {
            return failed;
        }

        var errors = new List<string>();
        var payer = CheckAccounts(Payee, Payer, errors, (
            "Choose one of your active accounts to be paid into.",
            "Enter the account number of the member you ask.",
            "An account cannot ask itself for a payment."));
        if (!CreditAmount.TryParse(Amount, out var amount, out var amountError))
        {
            errors.Add(amountError);
        }

        if (!DateOnly.TryParseExact(DueDate?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var due))
        {
            errors.Add("Enter the date the payment is due, e.g. 2027-01-31.");
        }

        if (errors.Count > 0 || FormId == Guid.Empty)
        {
            return Refused(400, errors.Count > 0 ? errors : ["This form has expired. Check the details and send it again."]);
        }

        var answer = await Ledger.AskForPaymentAsync(FormId, Payee!.Value, payer, amount, Memo?.Trim() ?? "", due, ct);
        if (answer.Value is { } asked)
        {
            Notice = $"You asked account {asked.PayerAccountId} for {Display.Credits(asked.Amount)}.";
            return RedirectToPage("/Me/Requests");
        }

        return answer.Status switch
        {
            401 => SignInAgain(),
            503 => NotAnswered("The ledger did not answer, so this request may or may not have been sent. Sending this form again is safe: it cannot ask twice."),
            409 => Refused(409, ["This form was already used for a different request. Check your requests before asking again."]),
            404 => Refused(404, ["There is no account with that number. Check it with the member you are asking."]),
            _ => Refused(answer.Status, answer.Errors.Count > 0 ? answer.Errors : ["The ledger refused this request."]),
        };
    }
}
