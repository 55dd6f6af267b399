using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SolidarityMarket.ServiceDefaults.Auth;
using SolidarityMarket.Testing;
using static SolidarityMarket.SystemTests.Auth.AuthTestUsers;

namespace SolidarityMarket.SystemTests.Auth;

/// <summary>
/// <c>POST /api/auth/users/lookup</c> names many users at once for the administrators' pages: each id found maps to
/// its e-mail, anything else (a job name, an unknown id) is absent; too many or unusable ids are a 400, and only
/// administrators may ask.
/// </summary>
public sealed class UserLookupTests : IAsyncLifetime
{
    private readonly MarketplaceFactory _market = new();
    private HttpClient _admin = null!;
    private (string Email, string Id) _adminUser;

    public async ValueTask InitializeAsync()
    {
        var (email, id, tokens) = await NewUserAsync(_market, Roles.Admin);
        _admin = Client(_market, tokens.AccessToken);
        _adminUser = (email, id);
    }

    public ValueTask DisposeAsync() => _market.DisposeAsync();

    [Fact]
    public async Task Found_ids_map_to_their_e_mails_and_unknown_ids_or_job_names_are_absent()
    {
        var (memberEmail, memberId, _) = await NewUserAsync(_market, role: null);
        await NewUserAsync(_market, role: null); // a user not asked about, who must not be answered
        var unknown = Guid.NewGuid().ToString();

        var response = await _admin.PostAsJsonAsync("/api/auth/users/lookup", new { ids = new[] { memberId, _adminUser.Id, unknown, "ledger", memberId } });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var emails = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("emails")
            .EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString());
        Assert.Equal(new Dictionary<string, string?> { [memberId] = memberEmail, [_adminUser.Id] = _adminUser.Email }, emails);
    }

    [Fact]
    public async Task Exactly_the_most_ids_allowed_are_answered()
    {
        var ids = Enumerable.Range(0, 199).Select(_ => Guid.NewGuid().ToString()).Append(_adminUser.Id).ToArray();

        var response = await _admin.PostAsJsonAsync("/api/auth/users/lookup", new { ids });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("emails").EnumerateObject());
    }

    public static TheoryData<string> BadBodies => new()
    {
        """{"ids": null}""",
        "{}",
        """{"ids": ["   "]}""",
        """{"ids": [""]}""",
        """{"ids": [null]}""",
        """{"ids": ["a\u0000b"]}""",
        $$"""{"ids": ["{{new string('x', 101)}}"]}""",
        $$"""{"ids": [{{string.Join(",", Enumerable.Range(0, 201).Select(i => $"\"id-{i}\""))}}]}""",
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task Too_many_or_unusable_ids_are_a_400_naming_ids(string body)
    {
        var response = await _admin.PostAsync("/api/auth/users/lookup", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("ids", out _));
    }

    [Fact]
    public async Task Members_and_vendors_are_refused_and_anonymous_callers_must_sign_in()
    {
        var body = new { ids = new[] { _adminUser.Id } };
        var (_, _, memberTokens) = await NewUserAsync(_market, role: null);
        var (_, _, vendorTokens) = await NewUserAsync(_market, Roles.Vendor);

        Assert.Equal(HttpStatusCode.Forbidden, (await Client(_market, memberTokens.AccessToken).PostAsJsonAsync("/api/auth/users/lookup", body)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Client(_market, vendorTokens.AccessToken).PostAsJsonAsync("/api/auth/users/lookup", body)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _market.CreateClient().PostAsJsonAsync("/api/auth/users/lookup", body)).StatusCode);
    }

    [Fact]
    public async Task Looking_up_by_e_mail_still_works_beside_the_batch()
    {
        var found = await _admin.GetFromJsonAsync<JsonElement>($"/api/auth/users?email={Uri.EscapeDataString(_adminUser.Email)}");
        Assert.Equal(_adminUser.Id, found.GetProperty("id").GetString());
    }
}
