using Microsoft.Extensions.Logging;
using SolidarityMarket.Web.Admin;
using SolidarityMarket.Web.Api;
using SolidarityMarket.Web.Members;
using static SolidarityMarket.Web.Members.MemberApi;

namespace SolidarityMarket.Web.Clearing;

/// <summary>
/// The Ledger API's clearing runs (docs/ledger.md, "Clearing obligations"), called as the signed-in administrator; a
/// run's steps are <see cref="AdminRunClient{TRun}"/>'s.
/// </summary>
public sealed class ClearingClient(HttpClient http, MemberApi api, ILogger<ClearingClient> logger)
    : AdminRunClient<ClearingRun>(http, api, logger, "api/ledger/clearing-runs")
{
    /// <summary>The newest runs of every exchange first, without their rows.</summary>
    public Task<ApiAnswer<ClearingRunPage>> RunsAsync(int page, int pageSize, CancellationToken ct) =>
        SendAsync<ClearingRunPage>(() => Get($"{Runs}?page={page}&pageSize={pageSize}"), ct);

    /// <summary>Computes and stores a run (Previewed) on the exchange's obligations as they are now; nothing changes.</summary>
    public Task<ApiAnswer<ClearingRun>> PreviewAsync(string exchangeId, CancellationToken ct) =>
        SendAsync<ClearingRun>(() => Post(Runs, new { exchangeId }), ct);
}
