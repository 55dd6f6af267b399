using Microsoft.AspNetCore.Mvc;
using SolidarityMarket.Web.Admin;
using SolidarityMarket.Web.Api;
using SolidarityMarket.Web.Catalog;
using SolidarityMarket.Web.Pages.Me;

namespace SolidarityMarket.Web.Pages.Admin;

/// <summary>
/// One account as an administrator manages it: its figures, its limits (changed with a reason), its state (frozen,
/// unfrozen or closed with a reason; only what the state allows is offered) and both audit histories, newest first.
/// The ledger decides and records who did what; a refusal shows its message with the form still filled in. After a
/// change the page is shown again (a GET) with what happened, kept in the protected TempData cookie.
/// </summary>
public sealed class AccountModel(AccountAdminClient ledger) : AdminPage
{
    public const int ReasonLength = 500;

    public AdminAccount? Account { get; private set; }

    public IReadOnlyList<AccountLimitChange> LimitChanges { get; private set; } = [];

    public IReadOnlyList<AccountStatusChange> StatusChanges { get; private set; } = [];

    [TempData]
    public string? Notice { get; set; }

    [BindProperty]
    public string? DebitLimit { get; set; }

    [BindProperty]
    public string? CreditLimit { get; set; }

    [BindProperty]
    public string? LimitReason { get; set; }

    [BindProperty]
    public string? StatusReason { get; set; }

    /// <summary>The state change the ledger or the form refused: its form shows the reason typed again.</summary>
    public AccountAction? RefusedAction { get; private set; }

    public string Who(string userId) => People.Name(userId);

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } failed)
        {
            return failed;
        }

        DebitLimit = LimitAmount.Text(Account!.DebitLimit);
        CreditLimit = LimitAmount.Text(Account.CreditLimit);
        return Page();
    }

    public async Task<IActionResult> OnPostLimitsAsync(Guid id, CancellationToken ct)
    {
        var errors = new List<string>();
        var debitOk = LimitAmount.TryParse(DebitLimit, "debit limit", noneAllowed: false, out var debit, out var debitError);
        var creditOk = LimitAmount.TryParse(CreditLimit, "credit limit", noneAllowed: true, out var credit, out var creditError);
        errors.AddRange(new[] { debitError, creditError }.Where(e => e.Length > 0));
        var reason = LimitReason?.Trim() ?? "";
        if (reason.Length == 0)
        {
            errors.Add("Give the reason for the change: it is recorded with it.");
        }

        if (errors.Count > 0 || !debitOk || !creditOk)
        {
            return await RefusedAsync(id, ApiAnswer.Failed<AdminAccount>(400, errors), null, ct);
        }

        var answer = await ledger.ChangeLimitsAsync(id, debit, credit, reason, ct);
        if (answer.Value is { } changed)
        {
            Notice = $"The limits of {changed.Name} are now: down to {Display.Credits(-changed.DebitLimit)}, up to {Ceiling(changed.CreditLimit)}.";
            return RedirectToPage(new { id });
        }

        return await RefusedAsync(id, answer, null, ct);
    }

    public Task<IActionResult> OnPostFreezeAsync(Guid id, CancellationToken ct) => ChangeStatusAsync(id, AccountAction.Freeze, "frozen", ct);

    public Task<IActionResult> OnPostUnfreezeAsync(Guid id, CancellationToken ct) => ChangeStatusAsync(id, AccountAction.Unfreeze, "unfrozen", ct);

    public Task<IActionResult> OnPostCloseAsync(Guid id, CancellationToken ct) => ChangeStatusAsync(id, AccountAction.Close, "closed", ct);

    public static string Ceiling(long creditLimit) => creditLimit == AdminAccount.NoCeiling ? "no ceiling" : Display.Credits(creditLimit);

    private async Task<IActionResult> ChangeStatusAsync(Guid id, AccountAction action, string done, CancellationToken ct)
    {
        var reason = StatusReason?.Trim() ?? "";
        if (reason.Length == 0)
        {
            return await RefusedAsync(id, ApiAnswer.Failed<AdminAccount>(400, [$"Give the reason the account is {done}: it is recorded with the change."]), action, ct);
        }

        var answer = await ledger.ChangeStatusAsync(id, action, reason, ct);
        if (answer.Value is { } changed)
        {
            Notice = $"{changed.Name} is now {changed.Status.ToLowerInvariant()}.";
            return RedirectToPage(new { id });
        }

        return await RefusedAsync(id, answer, action, ct);
    }

    /// <summary>The page again with the refusal's messages and the forms as sent, or sign in.</summary>
    private async Task<IActionResult> RefusedAsync(Guid id, ApiAnswer<AdminAccount> answer, AccountAction? action, CancellationToken ct)
    {
        if (answer.Status == 401)
        {
            return SignInAgain();
        }

        if (await LoadAsync(id, ct) is { } failed)
        {
            return failed;
        }

        RefusedAction = action;
        if (action is not null)
        {
            // A state change posts only its reason: the limits form shows the account's limits, not empty fields.
            DebitLimit = LimitAmount.Text(Account!.DebitLimit);
            CreditLimit = LimitAmount.Text(Account.CreditLimit);
        }

        Errors = answer.Status switch
        {
            503 => ["The ledger did not answer, so the change may or may not have been made: check the account and its history before trying again."],
            404 => ["There is no account at this address."],
            403 => [RoleRefused],
            _ => answer.Errors.Count > 0 ? answer.Errors : ["The ledger refused this change."],
        };
        Response.StatusCode = answer.Status is >= 400 and < 500 ? answer.Status : 503;
        return Page();
    }

    /// <summary>The account and its histories; null when all were read, else the page saying why not.</summary>
    private async Task<IActionResult?> LoadAsync(Guid id, CancellationToken ct)
    {
        var account = await ledger.GetAsync(id, ct);
        if (account.Value is null)
        {
            return Fail(account, "There is no account at this address.") ?? Page();
        }

        Account = account.Value;
        var limits = await ledger.LimitChangesAsync(id, ct);
        var states = await ledger.StatusChangesAsync(id, ct);
        if (limits.Value is null)
        {
            return Fail(limits, "The history of this account could not be found.") ?? Page();
        }

        if (states.Value is null)
        {
            return Fail(states, "The history of this account could not be found.") ?? Page();
        }

        LimitChanges = [.. limits.Value.AsEnumerable().Reverse()];
        StatusChanges = [.. states.Value.AsEnumerable().Reverse()];
        await NamePeopleAsync(LimitChanges.Select(c => c.ChangedBy).Concat(StatusChanges.Select(c => c.ChangedBy)), ct);
        return null;
    }
}
