using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SolidarityMarket.ServiceDefaults.Auth;
using SolidarityMarket.Testing;
using static SolidarityMarket.SystemTests.Auth.AuthTestUsers;

namespace SolidarityMarket.SystemTests.Auth;

/// <summary>
/// Administrators suspend and reinstate users through <c>/api/auth/users</c>, with a reason kept in an append-only
/// history. A suspended user's tokens stop working at the next request (the check interval is 0 here), and sign-in
/// and refresh are refused; bad input, other roles and administrators as targets change nothing.
/// </summary>
public sealed class UserSuspensionTests : IAsyncLifetime
{
    private readonly MarketplaceFactory _market = new(new() { ["Auth:UserCheckInterval"] = "00:00:00" });
    private HttpClient _admin = null!;
    private string _adminId = "";

    public async ValueTask InitializeAsync()
    {
        var (_, id, tokens) = await NewUserAsync(_market, Roles.Admin);
        _admin = Client(_market, tokens.AccessToken);
        _adminId = id;
    }

    public ValueTask DisposeAsync() => _market.DisposeAsync();

    [Fact]
    public async Task A_suspended_member_is_refused_at_once_and_a_reinstated_one_signs_in_again_with_both_decisions_recorded()
    {
        var (email, memberId, tokens) = await NewUserAsync(_market, role: null);
        var member = Client(_market, tokens.AccessToken);
        Assert.Equal(HttpStatusCode.OK, (await member.GetAsync("/api/ledger/accounts")).StatusCode);

        var suspended = await _admin.PostAsJsonAsync($"/api/auth/users/{memberId}/suspend", new { reason = "  Unpaid debts and no answer to three letters " });
        Assert.Equal(HttpStatusCode.OK, suspended.StatusCode);
        var user = await suspended.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(user.GetProperty("suspended").GetBoolean());
        var decision = Assert.Single(user.GetProperty("history").EnumerateArray());
        Assert.Equal(("suspended", "Unpaid debts and no answer to three letters", _adminId),
            (decision.GetProperty("action").GetString(), decision.GetProperty("reason").GetString(), decision.GetProperty("byUserId").GetString()));

        Assert.Equal(HttpStatusCode.Unauthorized, (await member.GetAsync("/api/ledger/accounts")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _market.CreateClient().PostAsJsonAsync("/api/auth/login", new { email, password = MarketplaceFactory.Password })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _market.CreateClient().PostAsJsonAsync("/api/auth/refresh", new { refreshToken = tokens.RefreshToken })).StatusCode);

        // The same decision again changes nothing and records nothing.
        var again = await (await _admin.PostAsJsonAsync($"/api/auth/users/{memberId}/suspend", new { reason = "again" })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Single(again.GetProperty("history").EnumerateArray());

        var reinstated = await _admin.PostAsJsonAsync($"/api/auth/users/{memberId}/reinstate", new { reason = "Debts settled" });
        Assert.Equal(HttpStatusCode.OK, reinstated.StatusCode);
        var after = await reinstated.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(after.GetProperty("suspended").GetBoolean());
        Assert.Equal(["suspended", "reinstated"], after.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("action").GetString()).ToArray());
        var signedInAgain = Client(_market, (await LoginAsync(_market.CreateClient(), email)).AccessToken);
        Assert.Equal(HttpStatusCode.OK, (await signedInAgain.GetAsync("/api/ledger/accounts")).StatusCode);

        var found = await _admin.GetFromJsonAsync<JsonElement>($"/api/auth/users?email={Uri.EscapeDataString(email.ToUpperInvariant())}");
        Assert.Equal((memberId, 2), (found.GetProperty("id").GetString(), found.GetProperty("history").GetArrayLength()));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("   ")]
    [InlineData("x")] // replaced by 501 characters below
    public async Task A_decision_without_a_usable_reason_is_a_400_and_changes_nothing(string? reason)
    {
        var (_, memberId, tokens) = await NewUserAsync(_market, role: null);
        var body = reason == "x" ? new string('r', 501) : reason;

        var response = await _admin.PostAsJsonAsync($"/api/auth/users/{memberId}/suspend", new { reason = body });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("reason", out _));
        await AssertUntouchedAsync(memberId, tokens.AccessToken);
    }

    [Fact]
    public async Task Unknown_users_are_404_and_other_roles_or_anonymous_callers_are_refused_without_a_change()
    {
        var (_, memberId, tokens) = await NewUserAsync(_market, role: null);
        Assert.Equal(HttpStatusCode.NotFound, (await _admin.PostAsJsonAsync($"/api/auth/users/{Guid.NewGuid()}/suspend", new { reason = "r" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _admin.GetAsync($"/api/auth/users?email=nobody-{Guid.NewGuid():N}@test.coop")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await _admin.GetAsync("/api/auth/users")).StatusCode);

        var (_, _, vendorTokens) = await NewUserAsync(_market, Roles.Vendor);
        var (_, _, otherTokens) = await NewUserAsync(_market, role: null);
        Assert.Equal(HttpStatusCode.Forbidden, (await Client(_market, vendorTokens.AccessToken).PostAsJsonAsync($"/api/auth/users/{memberId}/suspend", new { reason = "r" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Client(_market, otherTokens.AccessToken).GetAsync($"/api/auth/users/{memberId}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _market.CreateClient().PostAsJsonAsync($"/api/auth/users/{memberId}/suspend", new { reason = "r" })).StatusCode);

        await AssertUntouchedAsync(memberId, tokens.AccessToken);
    }

    [Fact]
    public async Task An_administrator_cannot_be_suspended_through_the_api()
    {
        var (_, otherAdminId, otherAdminTokens) = await NewUserAsync(_market, Roles.Admin);

        var response = await _admin.PostAsJsonAsync($"/api/auth/users/{otherAdminId}/suspend", new { reason = "Stolen token at work" });
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("https://solidarity.market/problems/user-is-administrator", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("type").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await _admin.PostAsJsonAsync($"/api/auth/users/{_adminId}/suspend", new { reason = "myself" })).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await Client(_market, otherAdminTokens.AccessToken).GetAsync($"/api/auth/users/{otherAdminId}")).StatusCode);
        await AssertUntouchedAsync(otherAdminId, otherAdminTokens.AccessToken);
    }

    private async Task AssertUntouchedAsync(string userId, string accessToken)
    {
        var user = await _admin.GetFromJsonAsync<JsonElement>($"/api/auth/users/{userId}");
        Assert.False(user.GetProperty("suspended").GetBoolean());
        Assert.Equal(0, user.GetProperty("history").GetArrayLength());
        Assert.Equal(HttpStatusCode.OK, (await Client(_market, accessToken).GetAsync("/api/ledger/accounts")).StatusCode);
        await using var scope = _market.Services.CreateAsyncScope();
        Assert.False(await scope.ServiceProvider.GetRequiredService<AuthDbContext>().UserSuspensions.AnyAsync(s => s.UserId == userId));
    }
}
