using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Caching.Memory;

namespace SolidarityMarket.ServiceDefaults.Auth;

/// <summary>
/// Bearer tokens checked without their cryptography on every request. Reading a token (data protection: a key
/// derivation, AES and HMAC over the whole token, then the ticket's deserialisation) was a tenth of the HTTP
/// transfer path's CPU (docs/performance.md). A token that was read successfully is remembered, by its exact text,
/// for <see cref="MaxAge"/>; a token that fails is never remembered. What is remembered is exactly what reading the
/// same text again would give, so the handler's own checks still run on every request (the ticket's expiry above
/// all), and so does <see cref="SignedInUserCheck"/> against the user store. Only a revoked data-protection key takes
/// up to <see cref="MaxAge"/> to be seen. Each request gets
/// its own copy of the principal, so nothing a request does to it reaches another.
/// </summary>
public sealed class BearerTicketCache : IDisposable
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(1);

    /// <summary>Tokens remembered at most; beyond it the cache evicts (and tokens are read the slow way).</summary>
    public const int Capacity = 20_000;

    private readonly MemoryCache _tickets = new(new MemoryCacheOptions { SizeLimit = Capacity });

    public ISecureDataFormat<AuthenticationTicket> Wrap(ISecureDataFormat<AuthenticationTicket> format) => new CachingFormat(format, _tickets);

    public void Dispose() => _tickets.Dispose();

    private sealed class CachingFormat(ISecureDataFormat<AuthenticationTicket> inner, MemoryCache tickets) : ISecureDataFormat<AuthenticationTicket>
    {
        public string Protect(AuthenticationTicket data) => inner.Protect(data);

        public string Protect(AuthenticationTicket data, string? purpose) => inner.Protect(data, purpose);

        public AuthenticationTicket? Unprotect(string? protectedText) => Unprotect(protectedText, purpose: null);

        public AuthenticationTicket? Unprotect(string? protectedText, string? purpose)
        {
            if (protectedText is null || purpose is not null)
            {
                return inner.Unprotect(protectedText, purpose);
            }

            if (!tickets.TryGetValue(protectedText, out AuthenticationTicket? ticket) || ticket is null)
            {
                ticket = inner.Unprotect(protectedText);
                if (ticket is null)
                {
                    return null;
                }

                tickets.Set(protectedText, ticket, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = MaxAge });
            }

            // ClaimsPrincipal.Clone() would share the identities (and their claims); each identity is copied instead.
            return new AuthenticationTicket(
                new ClaimsPrincipal(ticket.Principal.Identities.Select(i => i.Clone())), ticket.Properties.Clone(), ticket.AuthenticationScheme);
        }
    }
}
