using Microsoft.AspNetCore.Mvc;
using SolidarityMarket.Web.Admin;
using SolidarityMarket.Web.Api;
using SolidarityMarket.Web.Catalog;
using SolidarityMarket.Web.Pages.Me;
using SolidarityMarket.Web.Settlement;

namespace SolidarityMarket.Web.Pages.Admin;

/// <summary>
/// The exchanges' cross-sector positions (<c>GET /api/ledger/exchange-positions</c>), the settlements that would bring
/// them to zero, a form to preview a settlement run, and the recent runs. Previewing moves nothing: the new run's page
/// is where it is approved, posted or abandoned.
/// </summary>
public sealed class SettlementModel(SettlementClient settlement) : AdminPage
{
    /// <summary>Runs a page, newest first (<c>?page=N</c> for older ones).</summary>
    public const int RecentRuns = 20;

    /// <summary>The page of runs asked for, as typed (<see cref="PageLinks.Read"/>).</summary>
    [FromQuery(Name = "page")]
    public string? PageAsked { get; set; }

    public PageLinks? Pages { get; private set; }

    public PositionsReport? Positions { get; private set; }

    public SettlementRunPage? Runs { get; private set; }

    /// <summary>The reference the form had (kept when the ledger refused the preview).</summary>
    [BindProperty]
    public string? Reference { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var positions = await settlement.PositionsAsync(ct);
        var runs = await settlement.RunsAsync(PageLinks.Read(PageAsked), RecentRuns, ct);
        if (positions.Value is null)
        {
            return Fail(positions, "The exchange positions could not be read.") ?? Page();
        }

        if (runs.Value is null)
        {
            return Fail(runs, "The settlement runs could not be read.") ?? Page();
        }

        (Positions, Runs) = (positions.Value, runs.Value);
        Pages = new PageLinks(Runs.PageNumber, Runs.PageSize, Runs.Total, "runs", NewestFirst: true);
        return Page();
    }

    public async Task<IActionResult> OnPostPreviewAsync(CancellationToken ct)
    {
        var answer = await settlement.PreviewAsync(Reference?.Trim() ?? "", ct);
        if (answer.Value is { } run)
        {
            TempData[SettlementRunModel.Notices] = $"Settlement run previewed: {Display.Credits(run.TotalSettled)} in {run.Transfers?.Count ?? 0} settlement(s). Nothing moves until it is approved and posted.";
            return RedirectToPage("SettlementRun", new { id = run.Id });
        }

        return await AgainWithRefusalAsync(answer, () => OnGetAsync(ct),
            "The ledger did not answer, so no run may have been previewed. Look at the recent runs below before trying again.",
            "The ledger refused to preview a run.");
    }
}
