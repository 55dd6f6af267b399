using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using SolidarityMarket.Testing;

namespace SolidarityMarket.SystemTests.Auth;

/// <summary>Users made straight in the identity store (with a role when asked) and signed in through the API.</summary>
internal static class AuthTestUsers
{
    public static async Task<(string Email, string Id, Tokens Tokens)> NewUserAsync(WebApplicationFactory<Program> factory, string? role)
    {
        var email = $"user-{Guid.NewGuid():N}@test.coop";
        string id;
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
            var user = new IdentityUser { UserName = email, Email = email, EmailConfirmed = true };
            Assert.True((await users.CreateAsync(user, MarketplaceFactory.Password)).Succeeded);
            if (role is not null)
            {
                Assert.True((await users.AddToRoleAsync(user, role)).Succeeded);
            }

            id = user.Id;
        }

        return (email, id, await LoginAsync(factory.CreateClient(), email));
    }

    public static async Task<Tokens> LoginAsync(HttpClient client, string email)
    {
        var response = await client.PostAsJsonAsync("/api/auth/login", new { email, password = MarketplaceFactory.Password });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<Tokens>())!;
    }

    public static HttpClient Client(WebApplicationFactory<Program> factory, string accessToken)
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return client;
    }

    public sealed record Tokens(string AccessToken, string RefreshToken, long ExpiresIn);
}
