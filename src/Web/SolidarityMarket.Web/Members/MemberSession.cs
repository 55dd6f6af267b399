using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;

namespace SolidarityMarket.Web.Members;

/// <summary>
/// The token for one API call: <see cref="Token"/>, or why there is none — <see cref="Status"/> 401 (nobody signed
/// in, or the session was ended because the API refused to renew it) or 503 (the renewal got no answer: the member
/// stays signed in and the page says the service is not answering).
/// </summary>
public readonly record struct SessionToken(string? Token, int Status);

/// <summary>
/// A member signed in to the UI: the UI's own cookie (scheme <see cref="Scheme"/>, HttpOnly, SameSite=Lax, protected by
/// data protection) carrying the API's bearer tokens (ADR 0026). The browser never sees a token and the APIs never
/// see the cookie: each API call of a page sends the access token; one due to expire is renewed with the refresh
/// token first, and the cookie re-issued with the same absolute end. A renewal the API refuses (the refresh token
/// expired, the user suspended) ends the session; one that gets no answer, or is rate-limited, does not.
/// </summary>
public sealed class MemberSession(IHttpContextAccessor accessor, AuthClient auth, TimeProvider time)
{
    public const string Scheme = "SolidarityWeb";
    public const string Policy = "WebMember";

    /// <summary>The pages under <c>/admin</c>: a session whose user held the Admin role when they signed in.</summary>
    public const string AdminPolicy = "WebAdmin";

    private const string AccessToken = "access_token";
    private const string RefreshToken = "refresh_token";
    private const string ExpiresAt = "expires_at";

    /// <summary>How long before its end an access token is renewed, so it does not expire on its way to the API.</summary>
    private static readonly TimeSpan RenewalMargin = TimeSpan.FromSeconds(30);

    /// <summary>A token renewed during this request: the request's cookie still holds the old one.</summary>
    private string? _renewed;

    /// <summary>
    /// One renewal at a time per request: a page may call two APIs at once, and both would otherwise renew and write
    /// the cookie to the same response together; the second finds <see cref="_renewed"/>.
    /// </summary>
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>
    /// Starts a session for <paramref name="email"/> with the tokens the API issued, and the user id and roles
    /// <c>/api/auth/me</c> names. They only choose what the UI offers (each API checks the caller itself on every
    /// call); without an answer the member signs in with the member pages only. A role given or taken with the host's
    /// <c>grant-admin</c>/<c>revoke-admin</c> changes the user's security stamp, so the API soon refuses this session's
    /// tokens and its renewal, and the member signs in again with the new roles.
    /// </summary>
    public async Task SignInAsync(string email, TokenAnswer tokens, CancellationToken ct)
    {
        var who = (await auth.WhoAsync(tokens.AccessToken, ct)).Value;
        Claim[] id = who is null ? [] : [new Claim(ClaimTypes.NameIdentifier, who.Id)];
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, email), .. id, .. (who?.Roles ?? []).Select(r => new Claim(ClaimTypes.Role, r))], Scheme);
        await Http.SignInAsync(Scheme, new ClaimsPrincipal(identity), Properties(tokens, since: null));
    }

    public async Task SignOutAsync()
    {
        _renewed = null;
        // A page that has started its answer can no longer change its cookies; the next request finds the session.
        if (!Http.Response.HasStarted)
        {
            await Http.SignOutAsync(Scheme);
        }
    }

    /// <summary>
    /// The access token for an API call, renewed first when it is due or <paramref name="renew"/> says the API refused
    /// it (<see cref="SessionToken"/> says why there is none).
    /// </summary>
    public async Task<SessionToken> AccessTokenAsync(bool renew, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            return await TokenAsync(renew, ct);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<SessionToken> TokenAsync(bool renew, CancellationToken ct)
    {
        if (_renewed is not null && !renew)
        {
            return new(_renewed, 200);
        }

        var ticket = await Http.AuthenticateAsync(Scheme);
        if (!ticket.Succeeded || ticket.Properties is null || ticket.Principal is null)
        {
            return new(null, 401);
        }

        var properties = ticket.Properties;
        var expires = DateTimeOffset.TryParse(properties.GetTokenValue(ExpiresAt), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at)
            ? at : DateTimeOffset.MinValue;
        var current = properties.GetTokenValue(AccessToken);
        var now = time.GetUtcNow();
        if (!renew && now < expires - RenewalMargin && current is { Length: > 0 })
        {
            return new(current, 200);
        }

        var renewed = properties.GetTokenValue(RefreshToken) is { Length: > 0 } refresh
            ? await auth.RefreshAsync(refresh, BrowserAddress(Http), ct)
            : null;
        if (renewed?.Value is { } tokens)
        {
            // The response may have started (a page streaming its answer): the token still serves this request.
            if (!Http.Response.HasStarted)
            {
                await Http.SignInAsync(Scheme, ticket.Principal, Properties(tokens, since: properties));
            }

            _renewed = tokens.AccessToken;
            return new(tokens.AccessToken, 200);
        }

        if (renewed is null || renewed.Status is 400 or 401)
        {
            // Refused for good (expired, or the user may no longer sign in): the member signs in again.
            await SignOutAsync();
            return new(null, 401);
        }

        // No answer, or too many requests: the session stays; the current token serves while it is valid.
        return !renew && now < expires && current is { Length: > 0 } ? new(current, 200) : new(null, 503);
    }

    /// <summary>The browser's address as this process sees it (after its own forwarded-headers handling).</summary>
    public static string? BrowserAddress(HttpContext http) => http.Connection.RemoteIpAddress?.ToString();

    private HttpContext Http => accessor.HttpContext ?? throw new InvalidOperationException("A member session exists only within a request.");

    /// <summary>
    /// The cookie's properties for <paramref name="tokens"/>. A renewal keeps the session's issue and end times
    /// (<paramref name="since"/>): the session ends when it was going to, however often its token is renewed.
    /// </summary>
    private AuthenticationProperties Properties(TokenAnswer tokens, AuthenticationProperties? since)
    {
        var properties = new AuthenticationProperties { IssuedUtc = since?.IssuedUtc, ExpiresUtc = since?.ExpiresUtc, AllowRefresh = false };
        properties.StoreTokens(
        [
            new AuthenticationToken { Name = AccessToken, Value = tokens.AccessToken },
            new AuthenticationToken { Name = RefreshToken, Value = tokens.RefreshToken },
            new AuthenticationToken { Name = ExpiresAt, Value = time.GetUtcNow().AddSeconds(tokens.ExpiresIn).ToString("o", CultureInfo.InvariantCulture) },
        ]);
        return properties;
    }
}
