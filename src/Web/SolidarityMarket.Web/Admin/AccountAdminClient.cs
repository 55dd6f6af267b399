using Microsoft.Extensions.Logging;
using SolidarityMarket.Web.Api;
using SolidarityMarket.Web.Members;
using static SolidarityMarket.Web.Members.MemberApi;

namespace SolidarityMarket.Web.Admin;

/// <summary>
/// The Ledger API's account administration as the administrators' pages use it, with the signed-in administrator's
/// token (<see cref="MemberApi"/>): every account, their limits and states, and who changed them. The API decides:
/// a session whose user is no longer an administrator gets its refusal.
/// </summary>
public sealed class AccountAdminClient(HttpClient http, MemberApi api, ILogger<AccountAdminClient> logger)
    : MemberApiClient(http, api, logger)
{
    /// <summary>
    /// One page of every account narrowed by <paramref name="search"/> (<c>GET /api/ledger/accounts/search</c>),
    /// ordered by exchange, name and number.
    /// </summary>
    public Task<ApiAnswer<AdminAccountPage>> SearchAsync(AccountSearch search, int page, int pageSize, CancellationToken ct)
    {
        var filters = search.ToQuery();
        return SendAsync<AdminAccountPage>(() => Get($"api/ledger/accounts/search?{filters}{(filters.Length > 0 ? "&" : "")}page={page}&pageSize={pageSize}"), ct);
    }

    public Task<ApiAnswer<AdminAccount>> GetAsync(Guid id, CancellationToken ct) =>
        SendAsync<AdminAccount>(() => Get($"api/ledger/accounts/{id}"), ct);

    /// <summary>Oldest first.</summary>
    public Task<ApiAnswer<List<AccountLimitChange>>> LimitChangesAsync(Guid id, CancellationToken ct) =>
        SendAsync<List<AccountLimitChange>>(() => Get($"api/ledger/accounts/{id}/limit-changes"), ct);

    /// <summary>Oldest first.</summary>
    public Task<ApiAnswer<List<AccountStatusChange>>> StatusChangesAsync(Guid id, CancellationToken ct) =>
        SendAsync<List<AccountStatusChange>>(() => Get($"api/ledger/accounts/{id}/status-changes"), ct);

    /// <summary><c>PUT .../limits</c>: audited with the administrator and the reason; the same limits again change nothing.</summary>
    public Task<ApiAnswer<AdminAccount>> ChangeLimitsAsync(Guid id, long debitLimit, long creditLimit, string reason, CancellationToken ct) =>
        SendAsync<AdminAccount>(() => Put($"api/ledger/accounts/{id}/limits", new { debitLimit, creditLimit, reason }), ct);

    /// <summary><c>POST .../freeze</c>, <c>.../unfreeze</c> or <c>.../close</c> with the reason it is recorded with.</summary>
    public Task<ApiAnswer<AdminAccount>> ChangeStatusAsync(Guid id, AccountAction action, string reason, CancellationToken ct) =>
        SendAsync<AdminAccount>(() => Post($"api/ledger/accounts/{id}/{action.ToString().ToLowerInvariant()}", new { reason }), ct);

    /// <summary>
    /// <c>POST /api/ledger/accounts</c> as an administrator: an account for <paramref name="ownerId"/> in the exchange,
    /// with the category's limits and these holders. One member account per owner and exchange: if it exists, the
    /// API answers it (200, not 201) and nothing is opened.
    /// </summary>
    public Task<ApiAnswer<AdminAccount>> OpenAsync(string exchangeId, Guid ownerId, string category, string name, IReadOnlyList<string> holderUserIds, CancellationToken ct) =>
        SendAsync<AdminAccount>(() => Post("api/ledger/accounts", new { exchangeId, ownerId, category, name, holderUserIds }), ct);

    /// <summary>A user by e-mail (<c>GET /api/auth/users?email=</c>), to name an account's holder.</summary>
    public Task<ApiAnswer<AdminUser>> UserByEmailAsync(string email, CancellationToken ct) =>
        SendAsync<AdminUser>(() => Get($"api/auth/users?email={Uri.EscapeDataString(email)}"), ct);
}

/// <summary>The state changes an administrator makes; each is the last segment of its API path.</summary>
public enum AccountAction
{
    Freeze,
    Unfreeze,
    Close,
}
