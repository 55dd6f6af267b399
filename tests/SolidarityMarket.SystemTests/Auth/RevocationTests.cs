using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using SolidarityMarket.ServiceDefaults.Auth;
using SolidarityMarket.ServiceDefaults.Hosting;
using SolidarityMarket.Testing;
using static SolidarityMarket.SystemTests.Auth.AuthTestUsers;

namespace SolidarityMarket.SystemTests.Auth;

/// <summary>
/// A bearer token carries the roles and security stamp it was issued with. Every request checks them against the
/// user as stored, read at most <c>Auth:UserCheckInterval</c> ago, so <c>revoke-admin</c> (which changes the stamp)
/// and an operator's lock-out take effect within that interval, not when the token expires; refresh is refused too.
/// </summary>
public sealed class RevocationTests
{
    private const string Attention = "/api/ordering/attention";

    [Fact]
    public async Task Revoke_admin_ends_the_administrators_tokens_at_the_next_request_and_refresh_is_refused()
    {
        await using var market = new MarketplaceFactory(new() { ["Auth:UserCheckInterval"] = "00:00:00" });
        var (email, tokens) = await NewUserAsync(market, Roles.Admin);
        var admin = Client(market, tokens.AccessToken);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync(Attention)).StatusCode);

        var exitCode = await HostCommand.Parse(["revoke-admin", email]).RunAsync(market.Services, market.Services.GetRequiredService<ILogger<RevocationTests>>(), CancellationToken.None);
        Assert.Equal(0, exitCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await admin.GetAsync(Attention)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await admin.GetAsync("/api/ledger/accounts")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await market.CreateClient().PostAsJsonAsync("/api/auth/refresh", new { refreshToken = tokens.RefreshToken })).StatusCode);

        // Signing in again works, without the role.
        var again = Client(market, (await LoginAsync(market.CreateClient(), email)).AccessToken);
        Assert.Equal(HttpStatusCode.Forbidden, (await again.GetAsync(Attention)).StatusCode);
    }

    [Fact]
    public async Task A_user_locked_out_by_an_operator_is_refused_at_the_next_request_but_failed_passwords_do_not_end_sessions()
    {
        await using var market = new MarketplaceFactory(new() { ["Auth:UserCheckInterval"] = "00:00:00" });
        var (email, tokens) = await NewUserAsync(market, role: null);
        var member = Client(market, tokens.AccessToken);
        Assert.Equal(HttpStatusCode.OK, (await member.GetAsync("/api/ledger/accounts")).StatusCode);

        // Someone guesses the member's password ten times: new sign-ins are locked out for 5 minutes, the session goes on.
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await market.CreateClient().PostAsJsonAsync("/api/auth/login", new { email, password = "Wrong-pass-2026!" })).StatusCode);
        }

        Assert.Equal(HttpStatusCode.OK, (await member.GetAsync("/api/ledger/accounts")).StatusCode);

        // An operator locks the account for good (without touching the security stamp): the token stops working.
        await using (var scope = market.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
            var user = (await users.FindByEmailAsync(email))!;
            Assert.True((await users.SetLockoutEndDateAsync(user, DateTimeOffset.MaxValue)).Succeeded);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await member.GetAsync("/api/ledger/accounts")).StatusCode);
    }

    [Fact]
    public async Task A_process_sees_a_revocation_within_the_check_interval_and_tokens_expire_after_their_lifetime()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var market = new MarketplaceFactory(new() { ["Auth:AccessTokenLifetime"] = "00:10:00" });
        var factory = market.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(clock)));
        var (adminEmail, adminTokens) = await NewUserAsync(factory, Roles.Admin);
        var (_, memberTokens) = await NewUserAsync(factory, role: null);
        Assert.Equal(600, adminTokens.ExpiresIn);
        var admin = Client(factory, adminTokens.AccessToken);
        var member = Client(factory, memberTokens.AccessToken);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync(Attention)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await member.GetAsync("/api/ledger/accounts")).StatusCode);

        Assert.Equal(0, await HostCommand.Parse(["revoke-admin", adminEmail]).RunAsync(factory.Services, factory.Services.GetRequiredService<ILogger<RevocationTests>>(), CancellationToken.None));

        // What the process read of the user a moment ago is trusted for up to the interval (1 minute), never longer.
        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(HttpStatusCode.Unauthorized, (await admin.GetAsync(Attention)).StatusCode);

        // An untouched user's token lasts its lifetime, then the client must refresh.
        clock.Advance(TimeSpan.FromMinutes(8));
        Assert.Equal(HttpStatusCode.OK, (await member.GetAsync("/api/ledger/accounts")).StatusCode);
        clock.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.Unauthorized, (await member.GetAsync("/api/ledger/accounts")).StatusCode);
        var refreshed = await factory.CreateClient().PostAsJsonAsync("/api/auth/refresh", new { refreshToken = memberTokens.RefreshToken });
        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
        var renewed = Client(factory, (await refreshed.Content.ReadFromJsonAsync<Tokens>())!.AccessToken);
        Assert.Equal(HttpStatusCode.OK, (await renewed.GetAsync("/api/ledger/accounts")).StatusCode);
    }

    private static async Task<(string Email, Tokens Tokens)> NewUserAsync(WebApplicationFactory<Program> factory, string? role)
    {
        var (email, _, tokens) = await AuthTestUsers.NewUserAsync(factory, role);
        return (email, tokens);
    }
}
