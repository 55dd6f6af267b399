using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SolidarityMarket.Ledger.Data;
using SolidarityMarket.Ledger.Features;
using SolidarityMarket.Ledger.Tests.Api;
using SolidarityMarket.Ledger.Tests.Posting;
using SolidarityMarket.ServiceDefaults.Auth;
using SolidarityMarket.Testing;

namespace SolidarityMarket.Ledger.Tests.Settlement;

/// <summary>
/// Settlement runs posted by several administrators at once while members keep trading across sectors, on SQLite
/// and on a real PostgreSQL: a run's transfers are applied once or not at all, and the network stays zero-sum.
/// </summary>
[Collection(AloneCollection.Name)]
public sealed class SettlementServerTests(SqlBatchWriterTests.Hosts hosts, ITestOutputHelper output) : IClassFixture<SqlBatchWriterTests.Hosts>
{
    public static TheoryData<string> Providers => ["Sqlite", "Postgres"];

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Racing_posts_and_trades_apply_a_run_once_or_not_at_all(string provider)
    {
        var factory = await hosts.GetAsync(provider);
        var (admin, _) = await MarketplaceFactory.SignInAsNewUserAsync(factory, Roles.Admin);
        var (secondAdmin, _) = await MarketplaceFactory.SignInAsNewUserAsync(factory, Roles.Admin);
        var food = await MemberAsync(factory, admin, "food");
        var housing = await MemberAsync(factory, admin, "housing");
        var outcomes = new List<string>();
        for (var round = 0; round < 4; round++)
        {
            await food.Client.PayOkAsync(food.AccountId, housing.AccountId, 1_000 + round);
            var run = await admin.PreviewSettlementOkAsync($"round {round}");
            await SettlementApi.RunAsync(await admin.ApproveSettlementAsync(run.Id), HttpStatusCode.OK);

            var answers = await Task.WhenAll(
                admin.PostSettlementAsync(run.Id), secondAdmin.PostSettlementAsync(run.Id),
                housing.Client.PayAsync(housing.AccountId, food.AccountId, 10));

            Assert.Equal(HttpStatusCode.Created, answers[2].StatusCode);
            var final = await admin.GetSettlementAsync(run.Id);
            outcomes.Add(final.Status);
            Assert.True(final.Status is "Posted" or "Abandoned", final.Status);
            var applied = await CountAppliedAsync(factory, run);
            Assert.Equal(final.Status == "Posted" ? run.Transfers!.Count * 2 : 0, applied);
            foreach (var post in answers.Take(2))
            {
                Assert.True(post.StatusCode is HttpStatusCode.OK or HttpStatusCode.Conflict, await post.Content.ReadAsStringAsync());
            }

            // Each position exactly: the preview's, moved by the run if it posted, and by the racing trade (housing
            // paid food 10: housing's clearing account +10, food's −10). A run applied twice, or past the positions it
            // was computed on, shows here.
            var positions = await admin.PositionByExchangeAsync();
            var before = run.Positions!.ToDictionary(p => p.ExchangeId);
            long Expected(string exchange, long trade) =>
                before[exchange].PositionBefore + (final.Status == "Posted" ? before[exchange].Change : 0) + trade;
            Assert.Equal((Expected("food", -10), Expected("housing", 10)), (positions["food"], positions["housing"]));
            Assert.Equal(0L, positions.Values.Sum());
        }

        var verify = (await admin.GetFromJsonAsync<VerifyLedger.ReportDto>("/api/ledger/verify"))!;
        Assert.True(verify.Intact, string.Join("; ", verify.Breaks.Select(b => b.Description)));
        output.WriteLine($"{provider}: {string.Join(", ", outcomes)}");
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Two_runs_previewed_on_the_same_positions_and_posted_at_once_settle_once(string provider)
    {
        var factory = await hosts.GetAsync(provider);
        var (admin, _) = await MarketplaceFactory.SignInAsNewUserAsync(factory, Roles.Admin);
        var (secondAdmin, _) = await MarketplaceFactory.SignInAsNewUserAsync(factory, Roles.Admin);
        var services = await MemberAsync(factory, admin, "services");
        var care = await MemberAsync(factory, admin, "care");
        for (var round = 0; round < 4; round++)
        {
            await services.Client.PayOkAsync(services.AccountId, care.AccountId, 500 + round);
            var first = await admin.PreviewSettlementOkAsync($"first {round}");
            var second = await secondAdmin.PreviewSettlementOkAsync($"second {round}");
            await SettlementApi.RunAsync(await secondAdmin.ApproveSettlementAsync(first.Id), HttpStatusCode.OK);
            await SettlementApi.RunAsync(await admin.ApproveSettlementAsync(second.Id), HttpStatusCode.OK);

            var answers = await Task.WhenAll(admin.PostSettlementAsync(first.Id), secondAdmin.PostSettlementAsync(second.Id));

            var statuses = new[] { (await admin.GetSettlementAsync(first.Id)).Status, (await admin.GetSettlementAsync(second.Id)).Status };
            Assert.Equal(["Abandoned", "Posted"], statuses.Order());
            Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Conflict], answers.Select(a => a.StatusCode).Order());
            Assert.Equal([0, first.Transfers!.Count * 2], new[] { await CountAppliedAsync(factory, first), await CountAppliedAsync(factory, second) }.Order());
            Assert.All((await admin.PositionByExchangeAsync()).Values, p => Assert.Equal(0L, p));
        }
    }

    private static async Task<Member> MemberAsync(MarketplaceFactory factory, HttpClient admin, string exchange)
    {
        var (client, userId) = await MarketplaceFactory.SignInAsNewUserAsync(factory, Roles.Member);
        var account = await client.OpenOwnAccountAsync(exchange);
        await admin.SetLimitsAsync(account.Id, debitLimit: 1_000_000, creditLimit: 1_000_000);
        return new Member(client, userId, account.Id);
    }

    private static async Task<int> CountAppliedAsync(MarketplaceFactory factory, SettlementRuns.SettlementRunDto run)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LedgerDbContext>();
        var ids = run.Transfers!.SelectMany(t => new[] { t.FromTransferId, t.ToTransferId }).ToList();
        return await db.Transfers.CountAsync(t => ids.Contains(t.Id));
    }
}
