using System.Globalization;
using Microsoft.Extensions.Logging;
using SolidarityMarket.Web.Api;
using SolidarityMarket.Web.Members;
using static SolidarityMarket.Web.Members.MemberApi;

namespace SolidarityMarket.Web.Operations;

/// <summary>
/// Ordering's daily card reconciliation (docs/payments.md, "Reconciliation"; docs/orders.md "Card reconciliation"),
/// as the signed-in administrator: the stored reports and running one finished UTC day now.
/// </summary>
public sealed class ReconciliationClient(HttpClient http, MemberApi api, ILogger<ReconciliationClient> logger)
    : MemberApiClient(http, api, logger)
{
    private const string Reports = "api/ordering/reconciliations";

    /// <summary>The latest days first, <paramref name="pageSize"/> a page; a page past the end is empty.</summary>
    public Task<ApiAnswer<ReconciliationPage>> ReportsAsync(int page, int pageSize, CancellationToken ct) =>
        SendAsync<ReconciliationPage>(() => Get($"{Reports}?page={page.ToString(CultureInfo.InvariantCulture)}&pageSize={pageSize.ToString(CultureInfo.InvariantCulture)}"), ct);

    /// <summary>
    /// Reconciles <paramref name="date"/> (as typed, YYYY-MM-DD: the API says what is wrong with it) and replaces that
    /// day's report; the new report. The API takes the day in the query string and no body.
    /// </summary>
    public Task<ApiAnswer<ReconciliationReport>> RunAsync(string date, CancellationToken ct) =>
        SendAsync<ReconciliationReport>(() => new HttpRequestMessage(HttpMethod.Post, new Uri($"{Reports}?date={Uri.EscapeDataString(date)}", UriKind.Relative)), ct);
}
