using Microsoft.AspNetCore.Mvc;
using SolidarityMarket.Web.Admin;
using SolidarityMarket.Web.Api;
using SolidarityMarket.Web.Pages.Me;

namespace SolidarityMarket.Web.Pages.Admin;

/// <summary>
/// One administrators' run (settlement or clearing) with the steps its status allows. Each step is a POST answered by
/// a redirect to this page (a GET) with what the run is now in TempData; the ledger decides everything, and a repeated
/// step (a double click) is answered with the run as it is. A refusal shows the page again with its reason and status,
/// having changed nothing.
/// </summary>
public abstract class AdminRunPage<TRun>(AdminRunClient<TRun> runs) : AdminPage
    where TRun : class, IAdminRun
{
    public const string SecondApproverNeeded =
        "Another administrator must approve this run: it is above the amount one administrator may approve alone, and you previewed it.";

    public TRun? Run { get; private set; }

    public string? Notice { get; private set; }

    /// <summary>The TempData key of this kind of run's notice (its list page sets it after a preview).</summary>
    protected abstract string NoticeKey { get; }

    /// <summary>What the page says for a run that is not there (or not the caller's to see).</summary>
    protected abstract string Missing { get; }

    /// <summary>What the run is now, after a step the ledger took (or took before: a repeat answers the same).</summary>
    protected abstract string StateNotice(TRun run);

    /// <summary>
    /// This kind's own words for a refusal of <paramref name="step"/> by its ProblemDetails <c>reason</c>, or null for the
    /// ledger's message (the default).
    /// </summary>
    protected virtual string? Worded(string? reason, string step) => null;

    /// <summary>The notice for a step refused because a post holds the run (409 <c>…-posting</c>).</summary>
    protected virtual string BeingPostedNotice => "The run is being posted by another request right now. Look again in a moment: it is posted once.";

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        Notice = TempData[NoticeKey] as string;
        var answer = await runs.RunAsync(id, ct);
        if (answer.Value is null)
        {
            return Fail(answer, Missing) ?? Page();
        }

        Run = answer.Value;
        await NamePeopleAsync([Run.PreviewedBy, Run.ApprovedBy, Run.PostedBy, Run.AbandonedBy], ct);
        return Page();
    }

    public async Task<IActionResult> OnPostApproveAsync(Guid id, CancellationToken ct) =>
        await DoneAsync(await runs.ApproveAsync(id, ct), id, "approved", ct);

    public async Task<IActionResult> OnPostPostAsync(Guid id, CancellationToken ct) =>
        await DoneAsync(await runs.PostAsync(id, ct), id, "posted", ct);

    public async Task<IActionResult> OnPostAbandonAsync(Guid id, string? reason, CancellationToken ct) =>
        await DoneAsync(await runs.AbandonAsync(id, reason?.Trim() is { Length: > 0 } r ? r : null, ct), id, "abandoned", ct);

    private async Task<IActionResult> DoneAsync(ApiAnswer<TRun> answer, Guid id, string step, CancellationToken ct)
    {
        if (answer.Value is { } run)
        {
            TempData[NoticeKey] = StateNotice(run);
            return RedirectToPage(new { id });
        }

        // settlement-run-posting, clearing-run-posting, period-close-posting: each kind's name for it.
        if (answer.Status == 409 && answer.Reason is { } busy && busy.EndsWith("-posting", StringComparison.Ordinal))
        {
            // Another click (or administrator) is posting it right now: what it ends as is shown once it has.
            TempData[NoticeKey] = BeingPostedNotice;
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
            >= 400 and < 500 when Worded(answer.Reason, step) is { } worded => [worded],
            403 when answer.Reason == "second-approver-required" => [SecondApproverNeeded],
            403 => [RoleRefused],
            503 => [$"The ledger did not answer, so the run may or may not have been {step}. Trying again is safe: it happens once."],
            _ => answer.Errors.Count > 0 ? answer.Errors : [$"The ledger refused: the run was not {step}."],
        };
        Response.StatusCode = answer.Status is >= 400 and < 500 ? answer.Status : 503;
        return page;
    }
}
