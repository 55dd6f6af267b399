using Microsoft.Extensions.Logging;
using SolidarityMarket.Web.Admin;
using SolidarityMarket.Web.Api;
using SolidarityMarket.Web.Members;
using static SolidarityMarket.Web.Members.MemberApi;

namespace SolidarityMarket.Web.Settlement;

/// <summary>
/// The Ledger API's settlement of the exchanges' cross-sector positions (docs/ledger.md, "Settling exchange
/// positions"), called as the signed-in administrator; a run's steps are <see cref="AdminRunClient{TRun}"/>'s.
/// </summary>
public sealed class SettlementClient(HttpClient http, MemberApi api, ILogger<SettlementClient> logger)
    : AdminRunClient<SettlementRun>(http, api, logger, "api/ledger/settlement-runs")
{
    public Task<ApiAnswer<PositionsReport>> PositionsAsync(CancellationToken ct) =>
        SendAsync<PositionsReport>(() => Get("api/ledger/exchange-positions"), ct);

    /// <summary>The newest runs first, without their rows.</summary>
    public Task<ApiAnswer<SettlementRunPage>> RunsAsync(int page, int pageSize, CancellationToken ct) =>
        SendAsync<SettlementRunPage>(() => Get($"{Runs}?page={page}&pageSize={pageSize}"), ct);

    /// <summary>Computes and stores a run (Previewed) on the positions as they are now; nothing moves.</summary>
    public Task<ApiAnswer<SettlementRun>> PreviewAsync(string reference, CancellationToken ct) =>
        SendAsync<SettlementRun>(() => Post(Runs, new { reference }), ct);
}
