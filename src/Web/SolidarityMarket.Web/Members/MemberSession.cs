using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;

namespace SolidarityMarket.Web.Members;

/// <summary>
/// A member signed in to the UI: the UI's own cookie (scheme <see cref="Scheme"/>), HttpOnly, SameSite=Strict and
/// protected by data protection, carrying the API's bearer tokens (ADR 0026). The browser never sees a token and
/// the APIs never see the cookie: each API call of a page sends the access token; an expired one is renewed with
/// the refresh token first, and the cookie re-issued. A refused renewal (the user suspended, the refresh token
/// expired) signs the member out.
/// </summary>
public sealed class MemberSession(IHttpContextAccessor accessor, AuthClient auth, TimeProvider time)
{
    public const string Scheme = "SolidarityWeb";
    public const string Policy = "WebMember";

    private const string AccessToken = "access_token";
    private const string RefreshToken = "refresh_token";
    private const string ExpiresAt = "expires_at";

    /// <summary>How long before its end an access token is renewed, so it does not expire on its way to the API.</summary>
    private static readonly TimeSpan RenewalMargin = TimeSpan.FromSeconds(30);

    /// <summary>A token renewed during this request: the request's cookie still holds the old one.</summary>
    private string? _renewed;

    /// <summary>Starts a session for <paramref name="email"/> with the tokens the API issued.</summary>
    public Task SignInAsync(string email, TokenAnswer tokens)
    {
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, email)], Scheme);
        return Http.SignInAsync(Scheme, new ClaimsPrincipal(identity), Properties(tokens));
    }

    public Task SignOutAsync()
    {
        _renewed = null;
        return Http.SignOutAsync(Scheme);
    }

    /// <summary>
    /// The access token for an API call, renewed first when it has expired or <paramref name="renew"/> says the API
    /// refused it; null when nobody is signed in or the renewal was refused (then the member is signed out).
    /// </summary>
    public async Task<string?> AccessTokenAsync(bool renew, CancellationToken ct)
    {
        if (_renewed is not null && !renew)
        {
            return _renewed;
        }

        var ticket = await Http.AuthenticateAsync(Scheme);
        if (!ticket.Succeeded || ticket.Properties is null || ticket.Principal is null)
        {
            return null;
        }

        var properties = ticket.Properties;
        var expires = DateTimeOffset.TryParse(properties.GetTokenValue(ExpiresAt), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at)
            ? at : DateTimeOffset.MinValue;
        if (!renew && time.GetUtcNow() < expires - RenewalMargin && properties.GetTokenValue(AccessToken) is { Length: > 0 } current)
        {
            return current;
        }

        var renewed = properties.GetTokenValue(RefreshToken) is { Length: > 0 } refresh
            ? await auth.RefreshAsync(refresh, BrowserAddress(Http), ct)
            : null;
        if (renewed?.Value is not { } tokens)
        {
            if (renewed is not { Status: 503 })
            {
                // Refused for good (expired, or the user may no longer sign in): the member signs in again.
                await SignOutAsync();
            }

            return null;
        }

        await Http.SignInAsync(Scheme, ticket.Principal, Properties(tokens));
        _renewed = tokens.AccessToken;
        return tokens.AccessToken;
    }

    /// <summary>The browser's address as this process sees it (after its own forwarded-headers handling).</summary>
    public static string? BrowserAddress(HttpContext http) => http.Connection.RemoteIpAddress?.ToString();

    private HttpContext Http => accessor.HttpContext ?? throw new InvalidOperationException("A member session exists only within a request.");

    private AuthenticationProperties Properties(TokenAnswer tokens)
    {
        var properties = new AuthenticationProperties();
        properties.StoreTokens(
        [
            new AuthenticationToken { Name = AccessToken, Value = tokens.AccessToken },
            new AuthenticationToken { Name = RefreshToken, Value = tokens.RefreshToken },
            new AuthenticationToken { Name = ExpiresAt, Value = time.GetUtcNow().AddSeconds(tokens.ExpiresIn).ToString("o", CultureInfo.InvariantCulture) },
        ]);
        return properties;
    }
}
