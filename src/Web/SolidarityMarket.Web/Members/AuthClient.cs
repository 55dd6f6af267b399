using System.Net.Http.Json;
using Microsoft.Extensions.Logging;
using SolidarityMarket.Web.Api;

namespace SolidarityMarket.Web.Members;

/// <summary>The bearer tokens <c>/api/auth/login</c> and <c>/api/auth/refresh</c> answer with.</summary>
public sealed record TokenAnswer(string AccessToken, long ExpiresIn, string RefreshToken);

/// <summary>Who <c>/api/auth/me</c> says the token's user is.</summary>
public sealed record CurrentUserAnswer(string Id, string? Email, IReadOnlyList<string> Roles);

/// <summary>
/// Signs a member in at the APIs (<c>POST /api/auth/login</c>), asks who they are (<c>GET /api/auth/me</c>),
/// renews the access token (<c>POST /api/auth/refresh</c>) and resets a forgotten password (forgotPassword, resetPassword). The browser's address goes along as <c>X-Forwarded-For</c>: the API's per-address
/// sign-in limit then counts each member apart — where the API trusts this UI as a proxy
/// (<c>ReverseProxy:KnownProxies</c>); elsewhere it ignores the header and counts the UI as one client.
/// </summary>
public sealed class AuthClient(HttpClient http, ILogger<AuthClient> logger)
{
    public Task<ApiAnswer<TokenAnswer>> SignInAsync(string email, string password, string? browserAddress, CancellationToken ct) =>
        PostAsync<TokenAnswer>("api/auth/login", new { email, password }, browserAddress, ct);

    public Task<ApiAnswer<TokenAnswer>> RefreshAsync(string refreshToken, string? browserAddress, CancellationToken ct) =>
        PostAsync<TokenAnswer>("api/auth/refresh", new { refreshToken }, browserAddress, ct);

    /// <summary>
    /// <c>POST /api/auth/register</c>: a new user (no role: a member of the network). Identity answers 200 with no body;
    /// its refusals (a taken address, a weak password) are a ValidationProblem.
    /// </summary>
    public Task<ApiAnswer<NoBody>> RegisterAsync(string email, string password, string? browserAddress, CancellationToken ct) =>
        PostAsync<NoBody>("api/auth/register", new { email, password }, browserAddress, ct);

    /// <summary>
    /// <c>POST /api/auth/forgotPassword</c>: the API mails a reset code when the address has an account, and answers 200
    /// with no body either way (or 429 past the sign-in limits).
    /// </summary>
    public Task<ApiAnswer<NoBody>> ForgotPasswordAsync(string email, string? browserAddress, CancellationToken ct) =>
        PostAsync<NoBody>("api/auth/forgotPassword", new { email }, browserAddress, ct);

    /// <summary>
    /// <c>POST /api/auth/resetPassword</c> with the mailed code; Identity's refusals (a wrong or used code, a weak
    /// password) are a ValidationProblem.
    /// </summary>
    public Task<ApiAnswer<NoBody>> ResetPasswordAsync(string email, string resetCode, string newPassword, string? browserAddress, CancellationToken ct) =>
        PostAsync<NoBody>("api/auth/resetPassword", new { email, resetCode, newPassword }, browserAddress, ct);

    /// <summary>The user of <paramref name="accessToken"/> and their roles, read just after signing in.</summary>
    public Task<ApiAnswer<CurrentUserAnswer>> WhoAsync(string accessToken, CancellationToken ct)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri("api/auth/me", UriKind.Relative));
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", accessToken);
        return ApiCall.SendAsync<CurrentUserAnswer>(http, request, logger, ct);
    }

    private Task<ApiAnswer<T>> PostAsync<T>(string path, object body, string? browserAddress, CancellationToken ct)
        where T : class
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative)) { Content = JsonContent.Create(body, options: ApiCall.Json) };
        if (browserAddress is { Length: > 0 })
        {
            request.Headers.TryAddWithoutValidation("X-Forwarded-For", browserAddress);
        }

        return ApiCall.SendAsync<T>(http, request, logger, ct);
    }
}
