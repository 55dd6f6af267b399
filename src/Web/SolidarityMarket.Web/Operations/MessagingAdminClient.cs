using Microsoft.Extensions.Logging;
using SolidarityMarket.Web.Api;
using SolidarityMarket.Web.Members;
using static SolidarityMarket.Web.Members.MemberApi;

namespace SolidarityMarket.Web.Operations;

/// <summary>
/// The operators' messaging endpoints of each service (<c>/admin/messaging/{service}/…</c>, docs/operations.md "Messages
/// that failed"), as the signed-in administrator. They are not under <c>/api/…</c> and each process answers only for the
/// services it hosts: for any other it says 404 "This process hosts no service '…'". When the UI runs on its own, the
/// address it calls (<c>Web:ApiBaseUrl</c>) must route <c>/admin/messaging/{service}</c> to a process of that service.
/// </summary>
public sealed class MessagingAdminClient(HttpClient http, MemberApi api, ILogger<MessagingAdminClient> logger)
    : MemberApiClient(http, api, logger)
{
    /// <summary>The services' schemas, as the endpoints name them.</summary>
    public static readonly IReadOnlyList<string> Services = ["catalog", "ordering", "ledger"];

    /// <summary>The deliveries waiting for an operator (status Failed), last failure first, at most 200.</summary>
    public Task<ApiAnswer<List<FailedDelivery>>> FailedAsync(string service, CancellationToken ct) =>
        SendAsync<List<FailedDelivery>>(() => Get($"{Base(service)}/failed?status=Failed"), ct);

    /// <summary>Unsent outbox rows that failed at least once or waited too long, oldest first, at most 200.</summary>
    public Task<ApiAnswer<List<StuckOutboxMessage>>> StuckOutboxAsync(string service, CancellationToken ct) =>
        SendAsync<List<StuckOutboxMessage>>(() => Get($"{Base(service)}/outbox"), ct);

    /// <summary>Sends the message back to its queue under its own id (204); the consumers' inboxes make a repeat harmless.</summary>
    public Task<ApiAnswer<NoBody>> ReplayAsync(string service, string queue, Guid messageId, CancellationToken ct) =>
        SendAsync<NoBody>(() => PostWithoutBody($"{Failed(service, queue, messageId)}/replay"), ct);

    /// <summary>The message will never be applied; the row stays with who, when and <paramref name="reason"/> (204).</summary>
    public Task<ApiAnswer<NoBody>> DiscardAsync(string service, string queue, Guid messageId, string reason, CancellationToken ct) =>
        SendAsync<NoBody>(() => Post($"{Failed(service, queue, messageId)}/discard", new { reason }), ct);

    /// <summary>Makes an unsent outbox row due now instead of at the end of its backoff (204).</summary>
    public Task<ApiAnswer<NoBody>> RetryOutboxAsync(string service, Guid id, CancellationToken ct) =>
        SendAsync<NoBody>(() => PostWithoutBody($"{Base(service)}/outbox/{id}/retry"), ct);

    private static HttpRequestMessage PostWithoutBody(string path) => new(HttpMethod.Post, new Uri(path, UriKind.Relative));

    private static string Base(string service) => $"admin/messaging/{Uri.EscapeDataString(service)}";

    private static string Failed(string service, string queue, Guid messageId) => $"{Base(service)}/failed/{Uri.EscapeDataString(queue)}/{messageId}";
}
