using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SolidarityMarket.Ledger.Data;
using SolidarityMarket.Ledger.Tests.Api;
using SolidarityMarket.Ledger.Tests.Posting;
using SolidarityMarket.ServiceDefaults.Auth;
using SolidarityMarket.Testing;
using static SolidarityMarket.Ledger.Tests.PaymentRequests.PaymentRequestApi;

namespace SolidarityMarket.Ledger.Tests.Clearing;

/// <summary>
/// Posting a clearing run while administrators post it too and payers pay its requests, on SQLite and on a real
/// PostgreSQL: whatever the interleaving, no request is both cleared and paid for the same credits, nor cleared twice.
/// </summary>
[Collection(AloneCollection.Name)]
public sealed class ClearingServerTests(SqlBatchWriterTests.Hosts hosts, ITestOutputHelper output) : IClassFixture<SqlBatchWriterTests.Hosts>
{
    public static TheoryData<string> Providers => ["Sqlite", "Postgres"];

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Racing_posts_and_payments_never_clear_and_pay_the_same_credits(string provider)
    {
        var factory = await hosts.GetAsync(provider);
        var (admin, _) = await MarketplaceFactory.SignInAsNewUserAsync(factory, Roles.Admin);
        var (secondAdmin, _) = await MarketplaceFactory.SignInAsNewUserAsync(factory, Roles.Admin);
        var outcomes = new HashSet<string>();
        for (var round = 0; round < 4; round++)
        {
            // A ring of six: member i owes member i+1 1,000 + 10·i, so the run sets off 1,000 on each and clears the first.
            var members = new List<Member>();
            for (var i = 0; i < 6; i++)
            {
                var (client, userId) = await MarketplaceFactory.SignInAsNewUserAsync(factory, Roles.Member);
                var account = await client.OpenOwnAccountAsync("care");
                await admin.SetLimitsAsync(account.Id, debitLimit: 100_000, creditLimit: 100_000);
                members.Add(new Member(client, userId, account.Id));
            }

            var requests = new List<Guid>();
            for (var i = 0; i < members.Count; i++)
            {
                requests.Add((await members[i].OweAsync(members[(i + 1) % members.Count], 1_000 + (10 * i))).Id);
            }

            var run = await admin.PreviewOkAsync("care");
            Assert.Equal(6_000L, run.Lines!.Where(l => requests.Contains(l.RequestId)).Sum(l => l.SetOff));
            await ClearingApi.RunAsync(await admin.ApproveAsync(run.Id), HttpStatusCode.OK);

            // Both admins post while two payers pay (the first request, which the run clears entirely, and the fourth).
            var racing = await Task.WhenAll(
                admin.PostRunAsync(run.Id), secondAdmin.PostRunAsync(run.Id),
                members[0].Client.PayRequestAsync(requests[0]), members[3].Client.PayRequestAsync(requests[3]));

            var stored = await ReadAsync(factory, requests);
            var final = await admin.GetRunAsync(run.Id);
            outcomes.Add($"{final.Status}/{string.Join(",", racing.Skip(2).Select(r => (int)r.StatusCode))}");
            foreach (var (post, i) in racing.Take(2).Select((r, i) => (r, i)))
            {
                Assert.True(post.StatusCode is HttpStatusCode.OK or HttpStatusCode.Conflict, $"post {i}: {(int)post.StatusCode} {await post.Content.ReadAsStringAsync()}");
            }

            var posted = final.Status == "Posted";
            Assert.True(posted || final.Status == "Abandoned", final.Status);
            foreach (var (id, i) in requests.Select((id, i) => (id, i)))
            {
                var r = stored.Requests[id];
                // Each request is cleared by exactly its set-off if the run posted, by nothing if it did not.
                Assert.Equal(posted ? 1_000L : 0L, r.ClearedAmount);
                var paidWith = stored.PaidAmounts.GetValueOrDefault(id);
                Assert.Equal(r.Status == PaymentRequestStatus.Paid ? r.Amount - r.ClearedAmount : 0L, paidWith);
                Assert.Equal(r.Amount - r.ClearedAmount == 0 ? PaymentRequestStatus.Cleared : r.Status, r.Status);
            }

            // Balances are the payments and nothing else: clearing moved no credit.
            foreach (var (member, i) in members.Select((m, i) => (m, i)))
            {
                var paidOut = stored.PaidAmounts.GetValueOrDefault(requests[i]);
                var paidIn = stored.PaidAmounts.GetValueOrDefault(requests[(i + members.Count - 1) % members.Count]);
                Assert.Equal(paidIn - paidOut, await member.Client.BalanceAsync(member.AccountId));
            }
        }

        var verify = await admin.GetFromJsonAsync<Features.VerifyLedger.ReportDto>("/api/ledger/verify");
        Assert.True(verify!.Intact, string.Join("; ", verify.Breaks.Select(b => b.Description)));
        output.WriteLine($"{provider}: run status / payment answers seen: {string.Join("; ", outcomes)}");
    }

    private static async Task<(Dictionary<Guid, PaymentRequest> Requests, Dictionary<Guid, long> PaidAmounts)> ReadAsync(MarketplaceFactory factory, List<Guid> ids)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LedgerDbContext>();
        var requests = await db.PaymentRequests.AsNoTracking().Where(r => ids.Contains(r.Id)).ToDictionaryAsync(r => r.Id);
        var paid = new Dictionary<Guid, long>();
        foreach (var id in ids)
        {
            var tradeId = PaymentRequest.PaymentTradeIdFor(id);
            var legs = await db.Transfers.AsNoTracking().Where(t => t.Id == tradeId || t.TradeId == tradeId).Select(t => t.Amount).ToListAsync();
            if (legs.Count > 0)
            {
                paid[id] = legs.Max();
            }
        }

        return (requests, paid);
    }
}
