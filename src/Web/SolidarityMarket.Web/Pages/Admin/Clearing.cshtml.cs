using Microsoft.AspNetCore.Mvc;
using SolidarityMarket.Web.Admin;
using SolidarityMarket.Web.Clearing;
using SolidarityMarket.Web.Members;
using SolidarityMarket.Web.Pages.Me;
using SolidarityMarket.Web.Settlement;

namespace SolidarityMarket.Web.Pages.Admin;

/// <summary>
/// Clearing an exchange's obligations: a form to preview a clearing run for one exchange (<c>GET /api/ledger/exchanges</c>) and the recent runs. Previewing changes nothing: the new run's page is where it is
/// approved, posted or abandoned.
/// </summary>
public sealed class ClearingModel(ClearingClient clearing, LedgerClient ledger) : AdminPage
{
    /// <summary>Runs a page, newest first (<c>?page=N</c> for older ones).</summary>
    public const int RecentRuns = 20;

    /// <summary>The page of runs asked for, as typed (<see cref="PageLinks.Read"/>).</summary>
    [FromQuery(Name = "page")]
    public string? PageAsked { get; set; }

    public PageLinks? Pages { get; private set; }

    public IReadOnlyList<string> Exchanges { get; private set; } = [];

    public ClearingRunPage? Runs { get; private set; }

    /// <summary>The exchange the form had (kept when the ledger refused the preview).</summary>
    [BindProperty]
    public string? ExchangeId { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var exchanges = await ledger.ExchangesAsync(ct);
        if (exchanges.Value is null)
        {
            return Fail(exchanges, "The exchanges could not be read.") ?? Page();
        }

        var runs = await clearing.RunsAsync(PageLinks.Read(PageAsked), RecentRuns, ct);
        if (runs.Value is null)
        {
            return Fail(runs, "The clearing runs could not be read.") ?? Page();
        }

        (Exchanges, Runs) = (exchanges.Value.Select(x => x.Id).ToList(), runs.Value);
        Pages = new PageLinks(Runs.PageNumber, Runs.PageSize, Runs.Total, "runs", NewestFirst: true);
        return Page();
    }

    public async Task<IActionResult> OnPostPreviewAsync(CancellationToken ct)
    {
        var answer = await clearing.PreviewAsync(ExchangeId?.Trim() ?? "", ct);
        if (answer.Value is { } run)
        {
            TempData[ClearingRunModel.Notices] = $"Clearing run previewed: {run.Lines?.Count ?? 0} obligation(s) to set off. Nothing changes until it is approved and posted.";
            return RedirectToPage("ClearingRun", new { id = run.Id });
        }

        return await AgainWithRefusalAsync(answer, () => OnGetAsync(ct),
            "The ledger did not answer, so no run may have been previewed. Look at the recent runs below before trying again.",
            "The ledger refused to preview a run.");
    }
}
