using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SolidarityMarket.ServiceDefaults.Auth;
using SolidarityMarket.Testing;
using static SolidarityMarket.SystemTests.Auth.AuthTestUsers;

namespace SolidarityMarket.SystemTests.Auth;

/// <summary><c>GET /api/auth/me</c>: the caller's own id, e-mail and roles; nothing without a token.</summary>
public sealed class CurrentUserTests : IAsyncLifetime
{
    private readonly MarketplaceFactory _market = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _market.DisposeAsync();

    [Theory]
    [InlineData(Roles.Admin)]
    [InlineData(Roles.Vendor)]
    [InlineData(null)]
    public async Task The_caller_reads_their_own_id_email_and_roles(string? role)
    {
        var (email, id, tokens) = await NewUserAsync(_market, role);
        using var client = Client(_market, tokens.AccessToken);

        var me = await client.GetFromJsonAsync<JsonElement>("/api/auth/me");

        Assert.Equal(id, me.GetProperty("id").GetString());
        Assert.Equal(email, me.GetProperty("email").GetString());
        Assert.Equal(role is null ? [] : [role], me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()).ToArray());
    }

    [Fact]
    public async Task Without_a_token_the_answer_is_401()
    {
        using var anonymous = _market.CreateClient();

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/auth/me")).StatusCode);
    }
}
