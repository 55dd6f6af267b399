using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SolidarityMarket.Web.Members;

namespace SolidarityMarket.Web.Pages.Me;

/// <summary>
/// A form that moves credits between one of the member's accounts and another member's (pay, ask for a payment). It
/// carries the client id of what it asks for (<see cref="FormId"/>), made when the form was shown: sent twice, the
/// ledger does it once. A refusal gets a fresh id (the member will change something); a form that got no answer
/// keeps its id, so sending it again is safe.
/// </summary>
public abstract class AccountForm(LedgerClient ledger) : MemberPage
{
    protected LedgerClient Ledger { get; } = ledger;

    /// <summary>The client id the form carries (a hidden field of that name).</summary>
    [BindProperty]
    public Guid FormId { get; set; }

    /// <summary>The member's active accounts.</summary>
    public IReadOnlyList<LedgerAccount> Accounts { get; private set; } = [];

    /// <summary>The last attempt got no answer: whether it was done is unknown until the form is sent again.</summary>
    public bool Unanswered { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        FormId = Guid.NewGuid();
        return await LoadAccountsAsync(ct) ?? Page();
    }

    /// <summary>
    /// Checks the member's account (<paramref name="own"/>, one of <see cref="Accounts"/>) and the other member's
    /// account number (<paramref name="other"/>, not the same account), adding what is wrong to <paramref name="errors"/>.
    /// </summary>
    protected Guid CheckAccounts(Guid? own, string? other, List<string> errors, (string Own, string Other, string Same) messages)
    {
        if (own is not { } mine || Accounts.All(a => a.Id != mine))
        {
            errors.Add(messages.Own);
        }

        if (!Guid.TryParse(other?.Trim(), out var theirs))
        {
            errors.Add(messages.Other);
        }
        else if (theirs == own)
        {
            errors.Add(messages.Same);
        }

        return theirs;
    }

    /// <summary>The form again with <paramref name="errors"/> and a fresh id.</summary>
    protected override PageResult Refused(int status, IReadOnlyList<string> errors)
    {
        Errors = errors;
        FormId = Guid.NewGuid();
        // The form shows posted values over the model's: without this it would carry the refused id again.
        ModelState.Remove(nameof(FormId));
        Response.StatusCode = status is >= 400 and < 500 ? status : 400;
        return Page();
    }

    /// <summary>The form again, with the same id, saying that the ledger did not answer.</summary>
    protected PageResult NotAnswered(string message)
    {
        Unanswered = true;
        Response.StatusCode = 503;
        Errors = [message];
        return Page();
    }

    protected async Task<IActionResult?> LoadAccountsAsync(CancellationToken ct)
    {
        var answer = await Ledger.ListAccountsAsync(ct);
        if (answer.Value is null)
        {
            return Fail(answer, "Your accounts could not be found.") ?? Page();
        }

        Accounts = [.. answer.Value.Where(a => a.Status == "Active")];
        return null;
    }
}
