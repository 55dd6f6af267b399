using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.Extensions.Logging;
using SolidarityMarket.Web.Api;

namespace SolidarityMarket.Web.Members;

/// <summary>
/// The Ledger API as the signed-in member's pages use it, with the member's own bearer token
/// (<see cref="MemberSession"/>): the API decides what the member may see and do, the pages only show its answers.
/// A call without a session, or whose token the API refused even after a renewal, answers 401.
/// </summary>
public sealed class LedgerClient(HttpClient http, MemberSession session, ILogger<LedgerClient> logger)
{
    /// <summary>The accounts the member holds (<c>held=true</c>: an administrator too gets only their own here, never every account).</summary>
    public Task<ApiAnswer<List<LedgerAccount>>> ListAccountsAsync(CancellationToken ct) =>
        SendAsync<List<LedgerAccount>>(() => new(HttpMethod.Get, Relative("api/ledger/accounts?held=true")), ct);

    public Task<ApiAnswer<LedgerAccount>> GetAccountAsync(Guid id, CancellationToken ct) =>
        SendAsync<LedgerAccount>(() => new(HttpMethod.Get, Relative($"api/ledger/accounts/{id}")), ct);

    public Task<ApiAnswer<AccountStatement>> StatementAsync(Guid id, int page, int pageSize, CancellationToken ct) =>
        SendAsync<AccountStatement>(() => new(HttpMethod.Get, Relative($"api/ledger/accounts/{id}/statement?page={page}&pageSize={pageSize}")), ct);

    /// <summary>
    /// <c>POST /api/ledger/transfers</c>: a trade from the member's account, under the client id the payment form
    /// carried — sent twice (a double click, a retry after a timeout), it is paid once and answered as a replay.
    /// </summary>
    public Task<ApiAnswer<PaymentOutcome>> PayAsync(Guid transferId, Guid from, Guid to, long amount, string memo, CancellationToken ct) =>
        SendAsync<PaymentOutcome>(() => Post("api/ledger/transfers", new { id = transferId, debitAccountId = from, creditAccountId = to, amount, memo }), ct);

    /// <summary>
    /// The open and accepted payment requests where the member holds the payer's account (<paramref name="payer"/>:
    /// bills to pay) or the payee's (bills sent), soonest due first; the first <paramref name="pageSize"/>.
    /// </summary>
    public Task<ApiAnswer<PaymentRequestPage>> PaymentRequestsAsync(bool payer, int pageSize, CancellationToken ct) =>
        SendAsync<PaymentRequestPage>(() => new(HttpMethod.Get, Relative($"api/ledger/payment-requests?role={(payer ? "payer" : "payee")}&status=open,accepted&pageSize={pageSize}")), ct);

    /// <summary>
    /// Asks another account for a payment, under the client id the form carried (sent twice, it is asked once).
    /// </summary>
    public Task<ApiAnswer<PaymentRequestView>> AskForPaymentAsync(Guid id, Guid payee, Guid payer, long amount, string memo, DateOnly dueDate, CancellationToken ct) =>
        SendAsync<PaymentRequestView>(() => Post("api/ledger/payment-requests", new { id, payeeAccountId = payee, payerAccountId = payer, amount, memo, dueDate }), ct);

    /// <summary>Accepts and pays a request now (<c>accept</c> with <c>payNow</c>; an accepted one is paid). Repeated, it pays once.</summary>
    public Task<ApiAnswer<PaymentRequestView>> PayRequestAsync(Guid id, CancellationToken ct) =>
        SendAsync<PaymentRequestView>(() => Post($"api/ledger/payment-requests/{id}/accept", new { payNow = true }), ct);

    public Task<ApiAnswer<PaymentRequestView>> DeclineRequestAsync(Guid id, string reason, CancellationToken ct) =>
        SendAsync<PaymentRequestView>(() => Post($"api/ledger/payment-requests/{id}/decline", new { reason }), ct);

    public Task<ApiAnswer<PaymentRequestView>> CancelRequestAsync(Guid id, string reason, CancellationToken ct) =>
        SendAsync<PaymentRequestView>(() => Post($"api/ledger/payment-requests/{id}/cancel", new { reason }), ct);

    private static HttpRequestMessage Post(string path, object body) =>
        new(HttpMethod.Post, Relative(path)) { Content = JsonContent.Create(body, options: ApiCall.Json) };

    private static Uri Relative(string path) => new(path, UriKind.Relative);

    /// <summary>
    /// Sends with the member's token; once more with a renewed token if the API refused it (401). Without a token the
    /// answer is the session's reason: 401 (sign in) or 503 (the renewal got no answer).
    /// </summary>
    private async Task<ApiAnswer<T>> SendAsync<T>(Func<HttpRequestMessage> request, CancellationToken ct)
        where T : class
    {
        var answer = ApiAnswer.Failed<T>(401);
        foreach (var renew in (bool[])[false, true])
        {
            var token = await session.AccessTokenAsync(renew, ct);
            if (token.Token is null)
            {
                return ApiAnswer.Failed<T>(token.Status);
            }

            using var message = request();
            message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Token);
            answer = await ApiCall.SendAsync<T>(http, message, logger, ct);
            if (answer.Status != 401)
            {
                return answer;
            }
        }

        await session.SignOutAsync();
        return answer;
    }
}
