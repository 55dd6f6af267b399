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

            var positions = await admin.PositionsAsync();
            Assert.Equal(0L, positions.NetworkSum);
        }

        var verify = (await admin.GetFromJsonAsync<VerifyLedger.ReportDto>("/api/ledger/verify"))!;
        Assert.True(verify.Intact, string.Join("; ", verify.Breaks.Select(b => b.Description)));
        output.WriteLine($"{provider}: {string.Join(", ", outcomes)}");
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
