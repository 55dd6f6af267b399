using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using SolidarityMarket.Web.Admin;
using SolidarityMarket.Web.Catalog;
using SolidarityMarket.Web.Members;
using SolidarityMarket.Web.PeriodCloses;

namespace SolidarityMarket.Web.Pages.Admin;

/// <summary>
/// Closing a month of an exchange: the closes, newest month first and <see cref="RecentCloses"/> a page
/// (<c>GET /api/ledger/period-closes</c>; <c>?exchange=</c> narrows them to one exchange, <c>?page=N</c>), and a form to
/// preview one (<c>POST /api/ledger/period-closes</c>) for an exchange (<c>GET /api/ledger/exchanges</c>), a month and
/// a policy whose every field left empty takes the ledger's configured default. The fields are text: the page reads
/// whole numbers and credit amounts itself and leaves the ranges to the ledger, whose messages it shows with the form
/// as it was sent. Previewing moves nothing: the new close's page is where it is approved, posted or abandoned.
/// </summary>
public sealed class PeriodClosesModel(PeriodCloseClient closes, LedgerClient ledger, TimeProvider time) : AdminPage
{
    public const int RecentCloses = 50;

    public IReadOnlyList<string> Exchanges { get; private set; } = [];

    public PeriodClosePage? Closes { get; private set; }

    /// <summary>The exchange whose closes the list shows (<c>?exchange=</c>); every exchange's when empty.</summary>
    [FromQuery(Name = "exchange")]
    public string? ListExchange { get; set; }

    /// <summary>The page of closes asked for, as typed (<see cref="PageLinks.Read"/>).</summary>
    [FromQuery(Name = "page")]
    public string? PageAsked { get; set; }

    public PageLinks? Pages { get; private set; }

    [BindProperty]
    public string? ExchangeId { get; set; }

    /// <summary>yyyy-MM; the previous month (UTC) when the form is first shown.</summary>
    [BindProperty]
    public string? Month { get; set; }

    [BindProperty]
    public string? LevyBasisPoints { get; set; }

    [BindProperty]
    public string? DemurrageBasisPoints { get; set; }

    [BindProperty]
    public string? DormantAfterDays { get; set; }

    [BindProperty]
    public string? DebitLimitTurnoverBasisPoints { get; set; }

    /// <summary>In credits ("50.00").</summary>
    [BindProperty]
    public string? MinDebitLimit { get; set; }

    /// <summary>In credits ("500.00").</summary>
    [BindProperty]
    public string? MaxDebitLimit { get; set; }

    [BindProperty]
    public string? TurnoverWindowDays { get; set; }

    public Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Month ??= time.GetUtcNow().UtcDateTime.AddMonths(-1).ToString("yyyy-MM", CultureInfo.InvariantCulture);
        return LoadAsync(ct);
    }

    /// <summary>The exchanges and the closes; the form's fields as they are (a refused form is shown as it was sent).</summary>
    private async Task<IActionResult> LoadAsync(CancellationToken ct)
    {
        var exchanges = await ledger.ExchangesAsync(ct);
        if (exchanges.Value is null)
        {
            return Fail(exchanges, "The exchanges could not be read.") ?? Page();
        }

        // The form needs only the exchanges: it stays usable when the list of closes cannot be read.
        Exchanges = exchanges.Value.Select(x => x.Id).ToList();
        var shown = ListExchange?.Trim() is { Length: > 0 } typed ? typed : null;
        if (shown is not null && !Exchanges.Contains(shown))
        {
            return Refused(404, [$"There is no exchange \"{shown}\": choose one of the list to see its closes."]);
        }

        var list = await closes.ClosesAsync(shown, PageLinks.Read(PageAsked), RecentCloses, ct);
        if (list.Value is null)
        {
            return Fail(list, "The period closes could not be read.") ?? Page();
        }

        Closes = list.Value;
        Pages = new PageLinks(Closes.PageNumber, Closes.PageSize, Closes.Total, "closes", NewestFirst: true, PageLinks.Query("exchange", shown));
        return Page();
    }

    public async Task<IActionResult> OnPostPreviewAsync(CancellationToken ct)
    {
        var errors = new List<string>();
        var preview = new PeriodClosePreview(
            ExchangeId?.Trim() ?? "",
            Month?.Trim() ?? "",
            Whole(LevyBasisPoints, "The levy", errors),
            Whole(DemurrageBasisPoints, "The demurrage", errors),
            Whole(DormantAfterDays, "Dormant after", errors),
            Whole(DebitLimitTurnoverBasisPoints, "The debit limit's share of turnover", errors),
            Credits(MinDebitLimit, "minimum debit limit", errors),
            Credits(MaxDebitLimit, "maximum debit limit", errors),
            Whole(TurnoverWindowDays, "The turnover window", errors));
        if (errors.Count > 0)
        {
            var page = await LoadAsync(ct);
            return Response.StatusCode == 200 ? Refused(400, errors) : page;
        }

        var answer = await closes.PreviewAsync(preview, ct);
        if (answer.Value is { } close)
        {
            TempData[PeriodCloseModel.Notices] =
                $"Close of {close.Month} previewed: {close.Items?.Count ?? 0} item(s), {Display.Credits(close.TotalCredits)} to move. Nothing moves until it is approved and posted.";
            return RedirectToPage("PeriodClose", new { id = close.Id });
        }

        if (answer.Status == 409 && answer.Reason == "period-close-exists")
        {
            var page = await LoadAsync(ct);
            return Response.StatusCode == 200
                ? Refused(409, [$"{preview.Month} of {preview.ExchangeId} is already closed: a close of it was posted or is being posted (see the list below), and a month is closed only once."])
                : page;
        }

        return await AgainWithRefusalAsync(answer, () => LoadAsync(ct),
            "The ledger did not answer, so no close may have been previewed. Look at the closes below before trying again.",
            "The ledger refused to preview a close.");
    }

    /// <summary>A whole number typed in a field, null when empty (the default); a message when it is not one.</summary>
    private static int? Whole(string? text, string field, List<string> errors)
    {
        if (text?.Trim() is not { Length: > 0 } typed)
        {
            return null;
        }

        if (int.TryParse(typed, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        errors.Add($"{field} must be a whole number, e.g. 200 (or empty for the configured default).");
        return null;
    }

    /// <summary>Credits typed in a field, in hundredths; null when empty (the default).</summary>
    private static long? Credits(string? text, string field, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (LimitAmount.TryParse(text, field, noneAllowed: false, out var hundredths, out var error))
        {
            return hundredths;
        }

        errors.Add(error);
        return null;
    }
}
