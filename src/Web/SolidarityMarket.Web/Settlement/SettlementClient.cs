using Microsoft.Extensions.Logging;
using SolidarityMarket.Web.Api;
using SolidarityMarket.Web.Members;
using static SolidarityMarket.Web.Members.MemberApi;

namespace SolidarityMarket.Web.Settlement;

/// <summary>
/// The Ledger API's settlement of the exchanges' cross-sector positions (docs/ledger.md, "Settling exchange
/// positions"), called as the signed-in administrator (<see cref="MemberApi"/>): the API decides who may, and answers
/// 403 to anyone else. A run's approve, post and abandon answer 200 with the run when repeated.
/// </summary>
public sealed class SettlementClient(HttpClient http, MemberApi api, ILogger<SettlementClient> logger)
{
    private const string Runs = "api/ledger/settlement-runs";

    public Task<ApiAnswer<PositionsReport>> PositionsAsync(CancellationToken ct) =>
        SendAsync<PositionsReport>(() => Get("api/ledger/exchange-positions"), ct);

    /// <summary>The newest runs first, without their rows.</summary>
    public Task<ApiAnswer<SettlementRunPage>> RunsAsync(int pageSize, CancellationToken ct) =>
        SendAsync<SettlementRunPage>(() => Get($"{Runs}?page=1&pageSize={pageSize}"), ct);

    public Task<ApiAnswer<SettlementRun>> RunAsync(Guid id, CancellationToken ct) =>
        SendAsync<SettlementRun>(() => Get($"{Runs}/{id}"), ct);

    /// <summary>Computes and stores a run (Previewed) on the positions as they are now; nothing moves.</summary>
    public Task<ApiAnswer<SettlementRun>> PreviewAsync(string reference, CancellationToken ct) =>
        SendAsync<SettlementRun>(() => Post(Runs, new { reference }), ct);

    public Task<ApiAnswer<SettlementRun>> ApproveAsync(Guid id, CancellationToken ct) =>
        SendAsync<SettlementRun>(() => Post($"{Runs}/{id}/approve", new { }), ct);

    public Task<ApiAnswer<SettlementRun>> PostAsync(Guid id, CancellationToken ct) =>
        SendAsync<SettlementRun>(() => Post($"{Runs}/{id}/post", new { }), ct);

    public Task<ApiAnswer<SettlementRun>> AbandonAsync(Guid id, string? reason, CancellationToken ct) =>
        SendAsync<SettlementRun>(() => Post($"{Runs}/{id}/abandon", new { reason }), ct);

    private Task<ApiAnswer<T>> SendAsync<T>(Func<HttpRequestMessage> request, CancellationToken ct)
        where T : class => api.SendAsync<T>(http, logger, request, ct);
}
