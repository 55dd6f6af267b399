using Microsoft.Extensions.Logging;
using SolidarityMarket.Web.Api;
using SolidarityMarket.Web.Members;
using static SolidarityMarket.Web.Members.MemberApi;

namespace SolidarityMarket.Web.Orders;

/// <summary>
/// The Ordering API as the administrators' order pages use it, with the signed-in administrator's token
/// (<see cref="MemberApi"/>): the open disputes, the orders needing a person, one order with its history, and the two
/// decisions. The API decides: it refuses (403) an administrator who is the order's buyer or on the vendor's staff.
/// </summary>
public sealed class OrderAdminClient(HttpClient http, MemberApi api, ILogger<OrderAdminClient> logger)
    : MemberApiClient(http, api, logger)
{
    /// <summary>Disputes a page shows (the API allows up to 100).</summary>
    public const int DisputesPerPage = 50;

    /// <summary>Oldest dispute first.</summary>
    public Task<ApiAnswer<DisputeList>> DisputesAsync(int page, CancellationToken ct) =>
        SendAsync<DisputeList>(() => Get($"api/ordering/disputes?page={page}&pageSize={DisputesPerPage}"), ct);

    public Task<ApiAnswer<AttentionList>> AttentionAsync(CancellationToken ct) =>
        SendAsync<AttentionList>(() => Get("api/ordering/attention"), ct);

    public Task<ApiAnswer<AdminOrder>> OrderAsync(Guid id, CancellationToken ct) =>
        SendAsync<AdminOrder>(() => Get($"api/ordering/orders/{id}"), ct);

    /// <summary><c>POST …/resolve</c>: the reason goes into the order's history with the administrator's id.</summary>
    public Task<ApiAnswer<AdminOrder>> ResolveAsync(Guid id, DisputeOutcome outcome, string reason, CancellationToken ct) =>
        SendAsync<AdminOrder>(() => Post($"api/ordering/orders/{id}/resolve", new { outcome = outcome.ToString().ToLowerInvariant(), reason }), ct);

    /// <summary><c>POST …/settlement-problem/clear</c>, after the problem was settled by hand; the note is required.</summary>
    public Task<ApiAnswer<AdminOrder>> ClearSettlementProblemAsync(Guid id, string note, CancellationToken ct) =>
        SendAsync<AdminOrder>(() => Post($"api/ordering/orders/{id}/settlement-problem/clear", new { note }), ct);
}
