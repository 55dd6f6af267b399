using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using SolidarityMarket.Web.Admin;
using SolidarityMarket.Web.Operations;

namespace SolidarityMarket.Web.Pages.Admin;

/// <summary>
/// Ordering's daily card reconciliation: the stored reports, latest day first and <see cref="Shown"/> a page
/// (<c>?page=N</c>; provider lines, movements Ordering recorded, each mismatch with its details), and a form to reconcile a finished UTC day now, which replaces that day's
/// report. The API refuses a day not over or before it took card payments; the form then keeps the day typed.
/// </summary>
public sealed class ReconciliationsModel(ReconciliationClient reconciliations, TimeProvider time) : AdminPage
{
    public const int Shown = 30;

    public ReconciliationPage? Reports { get; private set; }

    /// <summary>The page of reports asked for, as typed (<see cref="PageLinks.Read"/>); kept when the form is sent.</summary>
    [FromQuery(Name = "page")]
    public string? PageAsked { get; set; }

    public PageLinks? Pages { get; private set; }

    [TempData]
    public string? Notice { get; set; }

    /// <summary>The day to reconcile as typed (YYYY-MM-DD); the form offers yesterday (UTC).</summary>
    [BindProperty]
    public string? Date { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Date ??= DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime).AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var answer = await reconciliations.ReportsAsync(PageLinks.Read(PageAsked), Shown, ct);
        if (answer.Value is null)
        {
            return Fail(answer, "The reconciliation reports could not be read.", "Ordering") ?? Page();
        }

        Reports = answer.Value;
        Pages = new PageLinks(Reports.Page, Reports.PageSize, Reports.Total, "reports", NewestFirst: true);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var answer = await reconciliations.RunAsync(Date?.Trim() ?? "", ct);
        if (answer.Value is { } report)
        {
            Notice = $"{report.Date:yyyy-MM-dd} reconciled: {report.TransactionCount} provider line(s), {report.ExpectedCount} recorded movement(s), {report.MismatchCount} mismatch(es).";
            return RedirectToPage();
        }

        return await AgainWithRefusalAsync(answer, () => OnGetAsync(ct),
            "Ordering or the card provider did not answer: no report was stored, and running it again is safe.",
            "The reconciliation was refused.");
    }
}
