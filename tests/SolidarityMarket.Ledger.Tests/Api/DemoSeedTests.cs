using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SolidarityMarket.Ledger.Demo;
using SolidarityMarket.Ledger.Domain;
using SolidarityMarket.Ledger.Features;
using SolidarityMarket.ServiceDefaults.Demo;
using static SolidarityMarket.Ledger.Tests.Api.LedgerApi;

namespace SolidarityMarket.Ledger.Tests.Api;

/// <summary>
/// Demo mode gives member@demo.coop an account in every exchange with the Individual limits, as an administrator
/// would open it, so the demo shows a member paying with credits (a member's own account has debit limit 0).
/// </summary>
public sealed class DemoSeedTests(LedgerHost host) : IClassFixture<LedgerHost>
{
    [Fact]
    public async Task The_demo_member_gets_an_account_per_exchange_with_the_individual_limits_once_and_existing_ones_stay_as_they_are()
    {
        var owner = OpenAccount.OwnerOf(DemoUsers.Member.Id);
        // An account the demo member already has (here one an administrator opened with other limits) is kept.
        var existing = await host.Admin.PostAsJsonAsync(Accounts, new { exchangeId = "care", ownerId = owner, category = "AlliedOrganization", holderUserIds = new[] { DemoUsers.Member.Id } });
        Assert.Equal(HttpStatusCode.Created, existing.StatusCode);
        var announcedBefore = await AnnouncedAsync();

        await SeedAsync();
        await SeedAsync(); // a later start adds nothing

        var accounts = await host.WithDbAsync(db => db.Accounts.AsNoTracking().Include(a => a.Holders)
            .Where(a => a.OwnerId == owner && a.Kind == AccountKind.Member).ToListAsync());
        var exchanges = await host.WithDbAsync(db => db.Exchanges.AsNoTracking().Select(x => x.Id).ToListAsync());
        Assert.Equal(exchanges.Order(StringComparer.Ordinal), accounts.Select(a => a.ExchangeId).Order(StringComparer.Ordinal));
        Assert.All(accounts, a => Assert.Equal(DemoUsers.Member.Id, Assert.Single(a.Holders).UserId));
        Assert.All(accounts.Where(a => a.ExchangeId != "care"), a => Assert.Equal((20_000L, 40_000L), (a.DebitLimit, a.CreditLimit)));
        Assert.Equal((25_000L, 50_000L), accounts.Where(a => a.ExchangeId == "care").Select(a => (a.DebitLimit, a.CreditLimit)).Single());
        Assert.Equal(announcedBefore + exchanges.Count - 1, await AnnouncedAsync()); // Ordering learns the new ones
    }

    private async Task SeedAsync()
    {
        await using var scope = host.Services.CreateAsyncScope();
        await new SeedLedgerDemo().RunAsync(scope.ServiceProvider, TestContext.Current.CancellationToken);
    }

    private Task<int> AnnouncedAsync() => host.WithDbAsync(db => db.OutboxMessages.CountAsync(m => m.MessageType.Contains("CreditAccountOpened")));
}
