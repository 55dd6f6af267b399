using Microsoft.Extensions.Logging;
using SolidarityMarket.Web.Api;
using SolidarityMarket.Web.Members;
using static SolidarityMarket.Web.Members.MemberApi;

namespace SolidarityMarket.Web.Clearing;

/// <summary>
/// The Ledger API's clearing runs (docs/ledger.md, "Clearing obligations"), called as the signed-in administrator
/// (<see cref="MemberApi"/>): the API decides who may. Approve, post and abandon answer 200 with the run when repeated.
/// </summary>
public sealed class ClearingClient(HttpClient http, MemberApi api, ILogger<ClearingClient> logger)
{
    private const string Runs = "api/ledger/clearing-runs";

    /// <summary>The newest runs of every exchange first, without their rows.</summary>
    public Task<ApiAnswer<ClearingRunPage>> RunsAsync(int pageSize, CancellationToken ct) =>
        SendAsync<ClearingRunPage>(() => Get($"{Runs}?page=1&pageSize={pageSize}"), ct);

    public Task<ApiAnswer<ClearingRun>> RunAsync(Guid id, CancellationToken ct) =>
        SendAsync<ClearingRun>(() => Get($"{Runs}/{id}"), ct);

    /// <summary>Computes and stores a run (Previewed) on the exchange's obligations as they are now; nothing changes.</summary>
    public Task<ApiAnswer<ClearingRun>> PreviewAsync(string exchangeId, CancellationToken ct) =>
        SendAsync<ClearingRun>(() => Post(Runs, new { exchangeId }), ct);

    public Task<ApiAnswer<ClearingRun>> ApproveAsync(Guid id, CancellationToken ct) =>
        SendAsync<ClearingRun>(() => Post($"{Runs}/{id}/approve", new { }), ct);

    public Task<ApiAnswer<ClearingRun>> PostAsync(Guid id, CancellationToken ct) =>
        SendAsync<ClearingRun>(() => Post($"{Runs}/{id}/post", new { }), ct);

    public Task<ApiAnswer<ClearingRun>> AbandonAsync(Guid id, string? reason, CancellationToken ct) =>
        SendAsync<ClearingRun>(() => Post($"{Runs}/{id}/abandon", new { reason }), ct);

    private Task<ApiAnswer<T>> SendAsync<T>(Func<HttpRequestMessage> request, CancellationToken ct)
        where T : class => api.SendAsync<T>(http, logger, request, ct);
}
