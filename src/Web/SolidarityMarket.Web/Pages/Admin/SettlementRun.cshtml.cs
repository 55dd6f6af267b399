using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using SolidarityMarket.Web.Api;
using SolidarityMarket.Web.Catalog;
using SolidarityMarket.Web.Pages.Me;
using SolidarityMarket.Web.Settlement;

namespace SolidarityMarket.Web.Pages.Admin;

/// <summary>
/// One settlement run (<c>GET /api/ledger/settlement-runs/{id}</c>): its settlements and each exchange's position
/// before, change and after — the preview before posting, the report after — with the actions its status allows.
/// Each action is a POST answered by a redirect to this page (a GET) with what happened in TempData; the ledger decides
/// everything, and a repeated action (a double click) is answered with the run as it is. A refusal shows the page
/// again with its reason and status, having changed nothing.
/// </summary>
public sealed class SettlementRunModel(SettlementClient settlement) : MemberPage
{
    public const string NoticeKey = "SettlementNotice";

    public const string SecondApproverNeeded =
        "Another administrator must approve this run: it is above the amount one administrator may approve alone, and you previewed it.";

    public SettlementRun? Run { get; private set; }

    public string? Notice { get; private set; }

    public static string When(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        Notice = TempData[NoticeKey] as string;
        var answer = await settlement.RunAsync(id, ct);
        if (answer.Value is null)
        {
            return Fail(answer, "There is no settlement run with that number.") ?? Page();
        }

        Run = answer.Value;
        return Page();
    }

    public async Task<IActionResult> OnPostApproveAsync(Guid id, CancellationToken ct) =>
        await DoneAsync(await settlement.ApproveAsync(id, ct), id, "approved", ct);

    public async Task<IActionResult> OnPostPostAsync(Guid id, CancellationToken ct) =>
        await DoneAsync(await settlement.PostAsync(id, ct), id, "posted", ct);

    public async Task<IActionResult> OnPostAbandonAsync(Guid id, string? reason, CancellationToken ct) =>
        await DoneAsync(await settlement.AbandonAsync(id, reason?.Trim() is { Length: > 0 } r ? r : null, ct), id, "abandoned", ct);

    /// <summary>What the run is now, after an action the ledger took (or took before: a repeat answers the same).</summary>
    public static string StateNotice(SettlementRun run) => run.Status switch
    {
        "Approved" => "The run is approved: it can be posted.",
        "Posted" => $"The run is posted: {Display.Credits(run.TotalSettled)} settled; the positions are as shown after it.",
        "Abandoned" => "The run is abandoned: it can never be posted. Preview a new one to settle.",
        _ => $"The run is {run.Status}.",
    };

    private async Task<IActionResult> DoneAsync(ApiAnswer<SettlementRun> answer, Guid id, string action, CancellationToken ct)
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
            403 when action == "approved" && Run.NeedsSecondApprover => [SecondApproverNeeded],
            503 => [$"The ledger did not answer, so the run may or may not have been {action}. Trying again is safe: it happens once."],
            _ => answer.Errors.Count > 0 ? answer.Errors : [$"The ledger refused: the run was not {action}."],
        };
        Response.StatusCode = answer.Status is >= 400 and < 500 ? answer.Status : 503;
        return page;
    }
}
