using System.Net;
using System.Net.Http.Json;
using SolidarityMarket.Testing;

namespace SolidarityMarket.SystemTests;

/// <summary>
/// No API grants the Admin role, so the host's <c>grant-admin EMAIL</c> / <c>revoke-admin EMAIL</c> commands are how a
/// deployment gets its administrators: the real executable, run as an operator would, against the same store as the
/// service it then starts.
/// </summary>
public sealed class AdminCommandTests : IDisposable
{
    private const string Password = "Admin-cmd-pass-1!";
    private readonly string _storage = Directory.CreateTempSubdirectory("sm-admin-cmd-").FullName;

    private Dictionary<string, string> Settings => new()
    {
        ["Storage:Directory"] = _storage,
        ["Demo:Enabled"] = "false",
        ["Modules"] = "Ordering",
    };

    [Fact]
    public async Task Grant_admin_gives_a_registered_user_the_admin_role_and_revoke_admin_takes_it_away()
    {
        var email = $"operator-{Guid.NewGuid():N}@test.coop";
        await using (var host = await HostProcess.StartAsync(Settings))
        {
            var anonymous = host.CreateClient();
            Assert.Equal(HttpStatusCode.OK, (await anonymous.PostAsJsonAsync("/api/auth/register", new { email, password = Password })).StatusCode);
            var token = await MarketplaceFactory.LoginAsync(anonymous, email, Password);
            Assert.Equal(HttpStatusCode.Forbidden, (await host.CreateClient(token).GetAsync("/api/ordering/attention")).StatusCode);
        }

        var (granted, grantOutput) = await HostProcess.RunAsync(Settings, "grant-admin", email);
        Assert.True(granted == 0, grantOutput);

        await using (var host = await HostProcess.StartAsync(Settings))
        {
            var token = await MarketplaceFactory.LoginAsync(host.CreateClient(), email, Password);
            Assert.Equal(HttpStatusCode.OK, (await host.CreateClient(token).GetAsync("/api/ordering/attention")).StatusCode);
        }

        var (revoked, revokeOutput) = await HostProcess.RunAsync(Settings, "revoke-admin", email);
        Assert.True(revoked == 0, revokeOutput);

        await using (var host = await HostProcess.StartAsync(Settings))
        {
            var token = await MarketplaceFactory.LoginAsync(host.CreateClient(), email, Password);
            Assert.Equal(HttpStatusCode.Forbidden, (await host.CreateClient(token).GetAsync("/api/ordering/attention")).StatusCode);
        }
    }

    [Fact]
    public async Task Grant_admin_refuses_an_unknown_email_and_a_missing_one()
    {
        var (unknown, unknownOutput) = await HostProcess.RunAsync(Settings, "grant-admin", "nobody@test.coop");
        Assert.Equal(1, unknown);
        Assert.Contains("No registered user has the e-mail nobody@test.coop", unknownOutput, StringComparison.Ordinal);

        var (missing, missingOutput) = await HostProcess.RunAsync(Settings, "grant-admin");
        Assert.Equal(2, missing);
        Assert.Contains("usage: grant-admin EMAIL", missingOutput, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_storage, recursive: true);
}
