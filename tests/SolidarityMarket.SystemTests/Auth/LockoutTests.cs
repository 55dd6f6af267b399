using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using SolidarityMarket.Testing;

namespace SolidarityMarket.SystemTests.Auth;

/// <summary>
/// Identity's lock-out as <c>/api/auth/login</c> uses it: 10 wrong passwords in a row lock the account for 5 minutes,
/// during which even the right password is refused (401, detail <c>LockedOut</c>); fewer failures do not.
/// </summary>
public sealed class LockoutTests
{
    [Fact]
    public async Task Ten_wrong_passwords_lock_the_account_and_then_the_right_one_is_refused()
    {
        await using var market = new MarketplaceFactory();
        var client = market.CreateClient();
        var email = await RegisterAsync(client);

        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await LoginAsync(client, email, "Wrong-pass-2026!")).StatusCode);
        }

        var refused = await LoginAsync(client, email, MarketplaceFactory.Password);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal("LockedOut", (await refused.Content.ReadFromJsonAsync<LoginProblem>())!.Detail);

        await using var scope = market.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
        var user = (await users.FindByEmailAsync(email))!;
        Assert.True(await users.IsLockedOutAsync(user));
        Assert.InRange(user.LockoutEnd!.Value - DateTimeOffset.UtcNow, TimeSpan.FromMinutes(4), TimeSpan.FromMinutes(5));
    }

    [Fact]
    public async Task Nine_wrong_passwords_do_not_lock_the_account()
    {
        await using var market = new MarketplaceFactory();
        var client = market.CreateClient();
        var email = await RegisterAsync(client);

        for (var i = 0; i < 9; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await LoginAsync(client, email, "Wrong-pass-2026!")).StatusCode);
        }

        Assert.Equal(HttpStatusCode.OK, (await LoginAsync(client, email, MarketplaceFactory.Password)).StatusCode);
    }

    private static async Task<string> RegisterAsync(HttpClient client)
    {
        var email = $"member-{Guid.NewGuid():N}@test.coop";
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/api/auth/register", new { email, password = MarketplaceFactory.Password })).StatusCode);
        return email;
    }

    private static Task<HttpResponseMessage> LoginAsync(HttpClient client, string email, string password) =>
        client.PostAsJsonAsync("/api/auth/login", new { email, password });

    private sealed record LoginProblem(string? Detail);
}
