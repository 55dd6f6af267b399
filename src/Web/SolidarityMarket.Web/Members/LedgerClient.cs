using Microsoft.Extensions.Logging;
using SolidarityMarket.Web.Api;
using static SolidarityMarket.Web.Members.MemberApi;

namespace SolidarityMarket.Web.Members;

/// <summary>
/// The Ledger API as the signed-in member's pages use it, with the member's own bearer token (<see cref="MemberApi"/>).
/// A call without a session, or whose token the API refused even after a renewal, answers 401.
/// </summary>
public sealed class LedgerClient(HttpClient http, MemberApi api, ILogger<LedgerClient> logger)
    : MemberApiClient(http, api, logger)
{
    /// <summary>The accounts the member holds (<c>held=true</c>: an administrator too gets only their own here, never every account).</summary>
    public Task<ApiAnswer<List<LedgerAccount>>> ListAccountsAsync(CancellationToken ct) =>
        SendAsync<List<LedgerAccount>>(() => Get("api/ledger/accounts?held=true"), ct);

    /// <summary>The exchanges an account can be opened in.</summary>
    public Task<ApiAnswer<List<LedgerExchange>>> ExchangesAsync(CancellationToken ct) =>
        SendAsync<List<LedgerExchange>>(() => Get("api/ledger/exchanges"), ct);

    /// <summary>
    /// Opens the member's own account in <paramref name="exchangeId"/> (one per member and exchange: asked again, the API
    /// answers the existing one). The ledger gives it no room below zero until an administrator grants some.
    /// </summary>
    public Task<ApiAnswer<LedgerAccount>> OpenAccountAsync(string exchangeId, string? name, CancellationToken ct) =>
        SendAsync<LedgerAccount>(() => Post("api/ledger/accounts", new { exchangeId, name }), ct);

    public Task<ApiAnswer<LedgerAccount>> GetAccountAsync(Guid id, CancellationToken ct) =>
        SendAsync<LedgerAccount>(() => Get($"api/ledger/accounts/{id}"), ct);

    public Task<ApiAnswer<AccountStatement>> StatementAsync(Guid id, int page, int pageSize, CancellationToken ct) =>
        SendAsync<AccountStatement>(() => Get($"api/ledger/accounts/{id}/statement?page={page}&pageSize={pageSize}"), ct);

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
        SendAsync<PaymentRequestPage>(() => Get($"api/ledger/payment-requests?role={(payer ? "payer" : "payee")}&status=open,accepted&pageSize={pageSize}"), ct);

    /// <summary>Asks another account for a payment, under the client id the form carried (sent twice, it is asked once).</summary>
    public Task<ApiAnswer<PaymentRequestView>> AskForPaymentAsync(Guid id, Guid payee, Guid payer, long amount, string memo, DateOnly dueDate, CancellationToken ct) =>
        SendAsync<PaymentRequestView>(() => Post("api/ledger/payment-requests", new { id, payeeAccountId = payee, payerAccountId = payer, amount, memo, dueDate }), ct);

    /// <summary>Accepts and pays a request now (<c>accept</c> with <c>payNow</c>; an accepted one is paid). Repeated, it pays once.</summary>
    public Task<ApiAnswer<PaymentRequestView>> PayRequestAsync(Guid id, CancellationToken ct) =>
        SendAsync<PaymentRequestView>(() => Post($"api/ledger/payment-requests/{id}/accept", new { payNow = true }), ct);

    public Task<ApiAnswer<PaymentRequestView>> DeclineRequestAsync(Guid id, string reason, CancellationToken ct) =>
        SendAsync<PaymentRequestView>(() => Post($"api/ledger/payment-requests/{id}/decline", new { reason }), ct);

    public Task<ApiAnswer<PaymentRequestView>> CancelRequestAsync(Guid id, string reason, CancellationToken ct) =>
        SendAsync<PaymentRequestView>(() => Post($"api/ledger/payment-requests/{id}/cancel", new { reason }), ct);
}
