using Microsoft.AspNetCore.Mvc;
using SolidarityMarket.Web.Members;

namespace SolidarityMarket.Web.Pages.Me;

/// <summary>
/// Pay another member from one of the member's accounts: a trade through <c>POST /api/ledger/transfers</c>, planned
/// by the ledger (fee and cross-sector legs included), under the form's id as the transfer's client id
/// (<see cref="AccountForm"/>: a double click or a retry after no answer pays once).
/// </summary>
public sealed class PayModel(LedgerClient ledger) : AccountForm(ledger)
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

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (await LoadAccountsAsync(ct) is { } failed)
        {
            return failed;
        }

        var errors = new List<string>();
        var to = CheckAccounts(From, To, errors, (
            "Choose one of your active accounts to pay from.",
            "Enter the account number of the member you pay (they find it on their accounts page).",
            "An account cannot pay itself: enter the account number of the member you pay."));
        if (!CreditAmount.TryParse(Amount, out var amount, out var amountError))
        {
            errors.Add(amountError);
        }

        if (errors.Count > 0 || FormId == Guid.Empty)
        {
            return Refused(400, errors.Count > 0 ? errors : ["This form has expired. Check the details and send it again."]);
        }

        var answer = await Ledger.PayAsync(FormId, From!.Value, to, amount, Memo?.Trim() ?? "", ct);
        return answer.Status switch
        {
            _ when answer.Ok => Redirect(Url.Content($"~/me/accounts/{From.Value}") + "?paid=" + FormId),
            // The session ended (the refresh token expired, or the member was suspended): sign in, then pay again.
            401 => SignInAgain(),
            503 => NotAnswered("The ledger did not answer, so this payment may or may not have been made. Sending this form again is safe: it cannot pay twice."),
            409 => Refused(409, ["This form was already used for a different payment. Check your statement before paying again."]),
            _ => Refused(answer.Status, PaymentRefusal.Explain(answer, Accounts.First(a => a.Id == From), to)),
        };
    }
}
