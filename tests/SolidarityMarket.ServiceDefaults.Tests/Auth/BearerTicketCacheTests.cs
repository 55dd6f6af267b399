using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using SolidarityMarket.ServiceDefaults.Auth;

namespace SolidarityMarket.ServiceDefaults.Tests.Auth;

/// <summary>
/// The cache reads each token once, never remembers a token that failed, and gives every caller its own copy of
/// the principal and properties.
/// </summary>
public sealed class BearerTicketCacheTests
{
    [Fact]
    public void A_token_is_read_once_and_every_caller_gets_its_own_copy()
    {
        using var cache = new BearerTicketCache();
        var inner = new CountingFormat();
        var format = cache.Wrap(inner);

        var first = format.Unprotect("good-token")!;
        first.Principal.Identities.First().AddClaim(new Claim("added-by", "first request"));
        first.Properties.Items["touched"] = "yes";
        var second = format.Unprotect("good-token")!;

        Assert.Equal(1, inner.Reads["good-token"]);
        Assert.NotSame(first.Principal, second.Principal);
        Assert.Equal("member-1", second.Principal.FindFirstValue(ClaimTypes.NameIdentifier));
        Assert.Null(second.Principal.FindFirst("added-by"));
        Assert.False(second.Properties.Items.ContainsKey("touched"));
        Assert.Equal(CountingFormat.Expires, second.Properties.ExpiresUtc);
    }

    [Fact]
    public void A_token_that_fails_is_read_again_every_time()
    {
        using var cache = new BearerTicketCache();
        var inner = new CountingFormat();
        var format = cache.Wrap(inner);

        Assert.Null(format.Unprotect("bad-token"));
        Assert.Null(format.Unprotect("bad-token"));

        Assert.Equal(2, inner.Reads["bad-token"]);
    }

    private sealed class CountingFormat : ISecureDataFormat<AuthenticationTicket>
    {
        public static readonly DateTimeOffset Expires = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

        public Dictionary<string, int> Reads { get; } = [];

        public string Protect(AuthenticationTicket data) => throw new NotSupportedException();

        public string Protect(AuthenticationTicket data, string? purpose) => throw new NotSupportedException();

        public AuthenticationTicket? Unprotect(string? protectedText) => Unprotect(protectedText, null);

        public AuthenticationTicket? Unprotect(string? protectedText, string? purpose)
        {
            Reads[protectedText!] = Reads.GetValueOrDefault(protectedText!) + 1;
            return protectedText == "good-token"
                ? new AuthenticationTicket(
                    new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, "member-1")], "Bearer")),
                    new AuthenticationProperties { ExpiresUtc = Expires },
                    "Identity.Bearer")
                : null;
        }
    }
}
