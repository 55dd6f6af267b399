using System.Net;
using System.Net.Http.Json;
using SolidarityMarket.Testing;

namespace SolidarityMarket.SystemTests.Auth;

/// <summary>
/// The sign-in endpoints are rate-limited per client address and, where a request names an e-mail, per e-mail:
/// past the limit a 429 ProblemDetails with Retry-After, before any password is checked.
/// </summary>
public sealed class SignInRateLimitTests
{
    private const string TooManyRequests = "https://solidarity.market/problems/too-many-requests";

    [Fact]
    public async Task One_address_gets_30_sign_in_requests_a_minute_by_default_then_429_with_Retry_After()
    {
        // Only the per-e-mail limit is lifted (each request names a new e-mail anyway): the per-address one is the default.
        await using var market = new MarketplaceFactory(new() { ["Auth:RateLimit:PerEmailPermitLimit"] = "1000" });
        var factory = market.WithClientAddresses();
        var client = factory.ClientFrom("198.51.100.7");

        for (var i = 0; i < 30; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await LoginAsync(client, $"nobody-{i}@test.coop")).StatusCode);
        }

        var refused = await LoginAsync(client, "nobody-30@test.coop");
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Equal(TooManyRequests, (await refused.Content.ReadFromJsonAsync<ProblemView>())!.Type);
        var retryAfter = refused.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60));

        // The other endpoints that take credentials share the address's count; another address has its own.
        Assert.Equal(HttpStatusCode.TooManyRequests, (await client.PostAsJsonAsync("/api/auth/register", new { email = "new@test.coop", password = MarketplaceFactory.Password })).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await client.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await client.PostAsJsonAsync("/api/auth/forgotPassword", new { email = "new@test.coop" })).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await client.PostAsJsonAsync("/api/auth/resetPassword", new { email = "new@test.coop", resetCode = "x", newPassword = MarketplaceFactory.Password })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await LoginAsync(factory.ClientFrom("198.51.100.8"), "nobody-0@test.coop")).StatusCode);
    }

    [Fact]
    public async Task An_IPv6_client_counts_by_its_64_prefix()
    {
        await using var market = new MarketplaceFactory(new() { ["Auth:RateLimit:PerAddressPermitLimit"] = "2", ["Auth:RateLimit:PerEmailPermitLimit"] = "1000" });
        var factory = market.WithClientAddresses();

        Assert.Equal(HttpStatusCode.Unauthorized, (await LoginAsync(factory.ClientFrom("2001:db8:1:2::1"), "a@test.coop")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await LoginAsync(factory.ClientFrom("2001:db8:1:2::ffff"), "a@test.coop")).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await LoginAsync(factory.ClientFrom("2001:db8:1:2:abcd::9"), "a@test.coop")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await LoginAsync(factory.ClientFrom("2001:db8:1:3::1"), "a@test.coop")).StatusCode);
    }

    [Fact]
    public async Task One_email_gets_10_logins_per_5_minutes_by_default_from_any_address()
    {
        await using var market = new MarketplaceFactory(new() { ["Auth:RateLimit:PerAddressPermitLimit"] = "1000" });
        var factory = market.WithClientAddresses();

        for (var i = 0; i < 10; i++)
        {
            // Spread over addresses, and spelled in either case: still one e-mail.
            var email = i % 2 == 0 ? "target@test.coop" : "TARGET@test.coop";
            Assert.Equal(HttpStatusCode.Unauthorized, (await LoginAsync(factory.ClientFrom($"203.0.113.{i + 1}"), email)).StatusCode);
        }

        var refused = await LoginAsync(factory.ClientFrom("203.0.113.200"), "target@test.coop");
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal(TooManyRequests, (await refused.Content.ReadFromJsonAsync<ProblemView>())!.Type);
        Assert.InRange(refused.Headers.RetryAfter?.Delta ?? TimeSpan.Zero, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5));
        Assert.Equal(HttpStatusCode.Unauthorized, (await LoginAsync(factory.ClientFrom("203.0.113.200"), "someone-else@test.coop")).StatusCode);
    }

    [Fact]
    public async Task Password_reset_mail_for_one_email_is_limited_too()
    {
        await using var market = new MarketplaceFactory(new() { ["Auth:RateLimit:PerAddressPermitLimit"] = "1000", ["Auth:RateLimit:PerEmailPermitLimit"] = "3" });
        var factory = market.WithClientAddresses();

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await factory.ClientFrom($"203.0.113.{i + 1}").PostAsJsonAsync("/api/auth/forgotPassword", new { email = "inbox@test.coop" })).StatusCode);
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, (await factory.ClientFrom("203.0.113.9").PostAsJsonAsync("/api/auth/forgotPassword", new { email = "inbox@test.coop" })).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await factory.ClientFrom("203.0.113.9").PostAsJsonAsync("/api/auth/resendConfirmationEmail", new { email = "inbox@test.coop" })).StatusCode);
    }

    [Fact]
    public async Task X_Forwarded_For_is_ignored_unless_it_comes_from_a_configured_proxy()
    {
        var limits = new Dictionary<string, string?> { ["Auth:RateLimit:PerAddressPermitLimit"] = "2", ["Auth:RateLimit:PerEmailPermitLimit"] = "1000" };

        // No proxy configured: a client cannot escape its limit by naming another address.
        await using (var market = new MarketplaceFactory(limits))
        {
            var factory = market.WithClientAddresses();
            var codes = new List<HttpStatusCode>();
            for (var i = 0; i < 3; i++)
            {
                codes.Add((await LoginAsync(factory.ClientFrom("198.51.100.7"), "a@test.coop", forwardedFor: $"192.0.2.{i + 1}")).StatusCode);
            }

            Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests], codes);
        }

        // Behind the configured proxy each forwarded client has its own count; anyone else's header is still ignored.
        await using (var market = new MarketplaceFactory(new(limits) { ["ReverseProxy:KnownProxies:0"] = "10.0.0.5" }))
        {
            var factory = market.WithClientAddresses();
            for (var i = 0; i < 3; i++)
            {
                Assert.Equal(HttpStatusCode.Unauthorized, (await LoginAsync(factory.ClientFrom("10.0.0.5"), "a@test.coop", forwardedFor: $"192.0.2.{i + 1}")).StatusCode);
            }

            Assert.Equal(HttpStatusCode.Unauthorized, (await LoginAsync(factory.ClientFrom("10.0.0.5"), "a@test.coop", forwardedFor: "192.0.2.1")).StatusCode);
            Assert.Equal(HttpStatusCode.TooManyRequests, (await LoginAsync(factory.ClientFrom("10.0.0.5"), "a@test.coop", forwardedFor: "192.0.2.1")).StatusCode);
            var spoofed = new List<HttpStatusCode>();
            for (var i = 0; i < 3; i++)
            {
                spoofed.Add((await LoginAsync(factory.ClientFrom("198.51.100.9"), "a@test.coop", forwardedFor: $"192.0.2.{i + 100}")).StatusCode);
            }

            Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests], spoofed);
        }
    }

    private static async Task<HttpResponseMessage> LoginAsync(HttpClient client, string email, string? forwardedFor = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/login") { Content = JsonContent.Create(new { email, password = "Wrong-pass-2026!" }) };
        if (forwardedFor is not null)
        {
            request.Headers.Add("X-Forwarded-For", forwardedFor);
        }

        return await client.SendAsync(request);
    }
}
