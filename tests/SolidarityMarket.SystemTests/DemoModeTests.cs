using System.Net;
using System.Net.Http.Json;
using SolidarityMarket.ServiceDefaults.Demo;
using SolidarityMarket.Testing;

namespace SolidarityMarket.SystemTests;

/// <summary>Demo data: seeded in demo mode, and never in Production.</summary>
public sealed class DemoModeTests
{
    private const string DemoPassword = "Demo-test-pass-1!";

    [Fact]
    public async Task Demo_mode_seeds_a_network_the_demo_users_can_sign_in_to()
    {
        await using var factory = new MarketplaceFactory(new() { ["Demo:Enabled"] = "true", ["Demo:Password"] = DemoPassword });

        var vendor = await factory.SignInAsync(DemoUsers.Vendor.Email, DemoPassword);
        _ = await factory.SignInAsync(DemoUsers.Admin.Email, DemoPassword);
        var member = await factory.SignInAsync(DemoUsers.Member.Email, DemoPassword);

        var listings = await factory.CreateClient().GetFromJsonAsync<ListingsPage>("/api/catalog/listings?pageSize=100");
        Assert.True(listings!.Total >= 20, $"expected a few listings, got {listings.Total}");
        Assert.True(listings.Items.Select(l => l.Sector).Distinct().Count() >= 5, "listings span the sectors");

        var accounts = await Eventually.GetAsync(
            async () => (await vendor.GetFromJsonAsync<List<AccountView>>("/api/ledger/accounts"))!.FirstOrDefault(),
            TimeSpan.FromSeconds(30), "the demo co-op's account for vendor@demo.coop");
        Assert.Equal("Member", accounts.Kind);

        // The demo member can pay with credits at once: their accounts are seeded as an administrator would open
        // them (a member's own account has debit limit 0 until an administrator grants one).
        var own = (await member.GetFromJsonAsync<List<AccountView>>("/api/ledger/accounts"))!;
        Assert.Equal(listings.Items.Select(l => l.Sector).Distinct().Order(), own.Select(a => a.ExchangeId).Order());
        var wallet = Assert.Single(own, a => a.ExchangeId == accounts.ExchangeId);
        Assert.Equal((20_000L, 40_000L), (wallet.DebitLimit, wallet.CreditLimit));
        var paid = await member.PostAsJsonAsync("/api/ledger/transfers", new { id = Guid.NewGuid(), debitAccountId = wallet.Id, creditAccountId = accounts.Id, amount = 1_500, memo = "demo bread" });
        Assert.True(paid.StatusCode == HttpStatusCode.Created, await paid.Content.ReadAsStringAsync());
        Assert.Equal(-1_500, (await member.GetFromJsonAsync<AccountView>($"/api/ledger/accounts/{wallet.Id}"))!.Balance);
    }

    [Fact]
    public void Demo_mode_refuses_to_start_in_production()
    {
        using var factory = new MarketplaceFactory(new() { ["Demo:Enabled"] = "true", ["Demo:Password"] = DemoPassword }, environment: "Production");

        var error = factory.StartupFailure();

        Assert.Contains("refuses to start in the Production environment", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Demo_users_are_locked_out_when_their_store_starts_outside_demo_mode_and_usable_again_in_demo_mode()
    {
        var storage = Directory.CreateTempSubdirectory("sm-demo-lockout-").FullName;
        try
        {
            Dictionary<string, string?> Settings(bool demo) => new() { ["Storage:Directory"] = storage, ["Demo:Enabled"] = demo ? "true" : "false", ["Demo:Password"] = DemoPassword };
            await using (var demo = new MarketplaceFactory(Settings(demo: true)))
            {
                _ = await demo.SignInAsync(DemoUsers.Admin.Email, DemoPassword);
            }

            await using (var real = new MarketplaceFactory(Settings(demo: false)))
            {
                foreach (var user in DemoUsers.All)
                {
                    var login = await real.CreateClient().PostAsJsonAsync("/api/auth/login", new { email = user.Email, password = DemoPassword });
                    Assert.Equal(HttpStatusCode.Unauthorized, login.StatusCode);
                }
            }

            await using (var demoAgain = new MarketplaceFactory(Settings(demo: true)))
            {
                _ = await demoAgain.SignInAsync(DemoUsers.Admin.Email, DemoPassword);
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(storage, recursive: true);
        }
    }

    private sealed record ListingsPage(List<ListingView> Items, int Total);

    private sealed record ListingView(Guid Id, string Sector);
}
