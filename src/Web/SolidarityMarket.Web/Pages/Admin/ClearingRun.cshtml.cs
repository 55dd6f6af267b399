using Microsoft.AspNetCore.Mvc;
using SolidarityMarket.Web.Api;
using SolidarityMarket.Web.Catalog;
using SolidarityMarket.Web.Clearing;
using SolidarityMarket.Web.Pages.Me;

namespace SolidarityMarket.Web.Pages.Admin;

/// <summary>
/// One clearing run (<c>GET /api/ledger/clearing-runs/{id}</c>): the set-off on each payment request and each account's
/// obligations before and after, with the actions its status allows. As on the settlement run's page, each action is a
/// POST answered by a redirect here with what the run is now; a refusal shows the page again with its reason and status.
/// </summary>
public sealed class ClearingRunModel(ClearingClient clearing) : MemberPage
{
    public const string NoticeKey = "ClearingNotice";

    public ClearingRun? Run { get; private set; }

    public string? Notice { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        Notice = TempData[NoticeKey] as string;
        var answer = await clearing.RunAsync(id, ct);
        if (answer.Value is null)
        {
            return Fail(answer, "There is no clearing run with that number.") ?? Page();
        }

        Run = answer.Value;
        return Page();
    }

    public async Task<IActionResult> OnPostApproveAsync(Guid id, CancellationToken ct) =>
        await DoneAsync(await clearing.ApproveAsync(id, ct), id, "approved", ct);

    public async Task<IActionResult> OnPostPostAsync(Guid id, CancellationToken ct) =>
        await DoneAsync(await clearing.PostAsync(id, ct), id, "posted", ct);

    public async Task<IActionResult> OnPostAbandonAsync(Guid id, string? reason, CancellationToken ct) =>
        await DoneAsync(await clearing.AbandonAsync(id, reason?.Trim() is { Length: > 0 } r ? r : null, ct), id, "abandoned", ct);

    public static string StateNotice(ClearingRun run) => run.Status switch
    {
        "Approved" => "The run is approved: it can be posted.",
        "Posted" => $"The run is posted: {Display.Credits(run.TotalSetOff)} of obligations set off.",
        "Abandoned" => "The run is abandoned: it can never be posted. Preview a new one to clear.",
        _ => $"The run is {run.Status}.",
    };

    private async Task<IActionResult> DoneAsync(ApiAnswer<ClearingRun> answer, Guid id, string action, CancellationToken ct)
    {
        if (answer.Value is { } run)
        {
            TempData[NoticeKey] = StateNotice(run);
            return RedirectToPage(new { id });
        }

        if (answer.Status == 401)
        {
            return SignInAgain();
        }

        var page = await OnGetAsync(id, ct);
        if (Run is null)
        {
            return page;
        }

        Errors = answer.Status switch
        {
            // The ledger's 403 here is the second-approver rule; an account no longer an administrator's could not read the run.
            403 when action == "approved" && Run.NeedsSecondApprover => [SettlementRunModel.SecondApproverNeeded],
            503 => [$"The ledger did not answer, so the run may or may not have been {action}. Trying again is safe: it happens once."],
            _ => answer.Errors.Count > 0 ? answer.Errors : [$"The ledger refused: the run was not {action}."],
        };
        Response.StatusCode = answer.Status is >= 400 and < 500 ? answer.Status : 503;
        return page;
    }
}
