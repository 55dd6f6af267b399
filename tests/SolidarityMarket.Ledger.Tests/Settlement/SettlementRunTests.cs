using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SolidarityMarket.Ledger.Data;
using SolidarityMarket.Ledger.Domain;
using SolidarityMarket.Ledger.Features;
using SolidarityMarket.Ledger.Posting;
using SolidarityMarket.Ledger.Tests.Api;
using SolidarityMarket.ServiceDefaults.Auth;
using static SolidarityMarket.Ledger.Tests.PaymentRequests.PaymentRequestApi;

namespace SolidarityMarket.Ledger.Tests.Settlement;

/// <summary>
/// Settling the exchanges' cross-sector positions through the API on SQLite: the positions report, a run's preview,
/// approval and single posting as one linked batch, staleness, the ledger's limits, and who may do it.
/// </summary>
public sealed class SettlementRunTests
{
    [Fact]
    public async Task Positions_are_settled_to_zero_by_one_linked_batch_posted_once()
    {
        await using var host = await SettlementHost.StartAsync();
        var (food, housing, services) = await TradeAcrossSectorsAsync(host);
        var before = await host.SnapshotAsync();

        var report = await host.Admin.PositionsAsync();
        Assert.Equal(new Dictionary<string, long> { ["care"] = 0, ["food"] = 700, ["housing"] = -550, ["manufacturing"] = 0, ["services"] = -150 },
            report.Exchanges.ToDictionary(p => p.ExchangeId, p => p.Position));
        Assert.Equal(0L, report.NetworkSum);
        Assert.All(report.Exchanges, p => Assert.True(p.WithinCaps));
        Assert.Equal([new("food", "housing", 550), new ExchangePositions.SettlementDto("food", "services", 150)], report.ProposedSettlements);

        var run = await host.Admin.PreviewSettlementOkAsync("Bank transfer 2026-11 #42");
        Assert.Equal(("Previewed", 700L, false, "Bank transfer 2026-11 #42"), (run.Status, run.TotalSettled, run.NeedsSecondApprover, run.Reference));
        Assert.Equal([("food", "housing", 550L), ("food", "services", 150L)], run.Transfers!.Select(t => (t.FromExchangeId, t.ToExchangeId, t.Amount)));
        Assert.Equal([("care", 0L, 0L), ("food", 700L, 0L), ("housing", -550L, 0L), ("manufacturing", 0L, 0L), ("services", -150L, 0L)],
            run.Positions!.Select(p => (p.ExchangeId, p.PositionBefore, p.PositionAfter)));
        await host.AssertUnchangedSinceAsync(before); // a preview moves nothing

        await AssertProblemAsync(await host.Admin.PostSettlementAsync(run.Id), HttpStatusCode.Conflict, "settlement-run-not-approved");
        await SettlementApi.RunAsync(await host.Admin.ApproveSettlementAsync(run.Id), HttpStatusCode.OK);
        var journal = await host.JournalSizeAsync();
        var posted = await SettlementApi.RunAsync(await host.Admin.PostSettlementAsync(run.Id), HttpStatusCode.OK);

        Assert.Equal(("Posted", host.AdminUserId), (posted.Status, posted.PostedBy));
        Assert.All((await host.Admin.PositionByExchangeAsync()).Values, p => Assert.Equal(0L, p));
        Assert.Equal(journal + 4, await host.JournalSizeAsync());
        var reserves = await host.WithDbAsync(db => db.Accounts.AsNoTracking().Where(a => a.Kind == AccountKind.Reserve).ToDictionaryAsync(a => a.ExchangeId, a => a.Balance));
        Assert.Equal((700L, -550L, -150L, 0L), (reserves["food"], reserves["housing"], reserves["services"], reserves["care"]));
        var leg = await host.Admin.TransferAsync(posted.Transfers![0].FromTransferId);
        Assert.Equal(("Settlement", 550L), (leg.Code, leg.Amount));
        Assert.Contains("Bank transfer 2026-11 #42", leg.Memo);
        foreach (var member in new[] { food, housing, services })
        {
            Assert.Equal((await host.Admin.AccountAsync(member.AccountId)).Balance, await member.Client.BalanceAsync(member.AccountId));
        }

        Assert.Equal((-700L, 550L, 150L), (await host.Admin.BalanceAsync(food.AccountId), await host.Admin.BalanceAsync(housing.AccountId), await host.Admin.BalanceAsync(services.AccountId)));
        var verify = (await host.Admin.GetFromJsonAsync<VerifyLedger.ReportDto>("/api/ledger/verify"))!;
        Assert.True(verify.Intact, string.Join("; ", verify.Breaks.Select(b => b.Description)));

        // Posting again replays: nothing moves twice.
        Assert.Equal(posted.Json(), (await SettlementApi.RunAsync(await host.Admin.PostSettlementAsync(run.Id), HttpStatusCode.OK)).Json());
        Assert.Equal(journal + 4, await host.JournalSizeAsync());
        await AssertProblemAsync(await host.Admin.AbandonSettlementAsync(run.Id), HttpStatusCode.Conflict, "settlement-run-posted");
        Assert.Empty((await host.Admin.PositionsAsync()).ProposedSettlements);
    }

    [Fact]
    public async Task A_cross_sector_trade_after_the_preview_makes_the_run_stale_and_nothing_moves()
    {
        await using var host = await SettlementHost.StartAsync();
        var (food, housing, _) = await TradeAcrossSectorsAsync(host);
        var run = await host.Admin.PreviewSettlementOkAsync("ref-1");
        await SettlementApi.RunAsync(await host.Admin.ApproveSettlementAsync(run.Id), HttpStatusCode.OK);
        await housing.Client.PayOkAsync(housing.AccountId, food.AccountId, 25);
        var before = await host.SnapshotAsync();

        var problem = await AssertProblemAsync(await host.Admin.PostSettlementAsync(run.Id), HttpStatusCode.Conflict, "settlement-run-stale");

        Assert.Equal(["food", "housing"], problem.GetProperty("exchangeIds").EnumerateArray().Select(e => e.GetString()));
        await host.AssertUnchangedSinceAsync(before);
        var abandoned = await host.Admin.GetSettlementAsync(run.Id);
        Assert.Equal("Abandoned", abandoned.Status);
        Assert.StartsWith("Stale:", abandoned.AbandonReason);
        await AssertProblemAsync(await host.Admin.ApproveSettlementAsync(run.Id), HttpStatusCode.Conflict, "settlement-run-abandoned");

        var fresh = await host.Admin.SettleAsync("ref-2");
        Assert.Equal(675L, fresh.TotalSettled);
        Assert.All((await host.Admin.PositionByExchangeAsync()).Values, p => Assert.Equal(0L, p));
    }

    [Fact]
    public async Task A_refusal_by_the_ledger_moves_nothing_and_leaves_the_run_approved()
    {
        await using var host = await SettlementHost.StartAsync();
        await TradeAcrossSectorsAsync(host);
        var housingReserve = await host.WithDbAsync(db => db.Exchanges.Where(x => x.Id == "housing").Select(x => x.ReserveAccountId).SingleAsync());
        await host.Admin.SetLimitsAsync(housingReserve, debitLimit: 500, creditLimit: AccountState.NoCeiling);
        var run = await host.Admin.PreviewSettlementOkAsync("ref");
        await SettlementApi.RunAsync(await host.Admin.ApproveSettlementAsync(run.Id), HttpStatusCode.OK);
        var before = await host.SnapshotAsync();

        await AssertProblemAsync(await host.Admin.PostSettlementAsync(run.Id), HttpStatusCode.UnprocessableEntity, "exceeds-debit-limit");

        await host.AssertUnchangedSinceAsync(before);
        Assert.Equal("Approved", (await host.Admin.GetSettlementAsync(run.Id)).Status);
        Assert.Equal("Abandoned", (await SettlementApi.RunAsync(await host.Admin.AbandonSettlementAsync(run.Id, "reserve limit"), HttpStatusCode.OK)).Status);
    }

    [Fact]
    public async Task A_post_that_stopped_after_the_ledger_applied_it_is_completed_not_called_stale()
    {
        await using var host = await SettlementHost.StartAsync();
        await TradeAcrossSectorsAsync(host);
        var run = await host.Admin.PreviewSettlementOkAsync("ref");
        await SettlementApi.RunAsync(await host.Admin.ApproveSettlementAsync(run.Id), HttpStatusCode.OK);
        // The writer applied the batch, then the post died before marking the run.
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<LedgerDbContext>();
            var stored = (await SettlementRuns.FindAsync(db, run.Id, CancellationToken.None))!;
            var exchanges = await db.Exchanges.AsNoTracking().ToDictionaryAsync(x => x.Id);
            var result = await scope.ServiceProvider.GetRequiredService<LedgerWriter>()
                .SubmitAsync(new TransferWork(LedgerCommand.SubmitLinked(SettlementRuns.Transfers(stored, exchanges))), CancellationToken.None);
            Assert.True(result.IsAccepted, result.ToString());
        }

        var journal = await host.JournalSizeAsync();
        // Its transfers are in the ledger: abandoning it now would leave them applied under an abandoned run.
        await AssertProblemAsync(await host.Admin.AbandonSettlementAsync(run.Id), HttpStatusCode.Conflict, "settlement-run-posting");
        var posted = await SettlementApi.RunAsync(await host.Admin.PostSettlementAsync(run.Id), HttpStatusCode.OK);

        Assert.Equal("Posted", posted.Status);
        Assert.Equal(journal, await host.JournalSizeAsync());
        Assert.All((await host.Admin.PositionByExchangeAsync()).Values, p => Assert.Equal(0L, p));
    }

    [Fact]
    public async Task A_claim_left_by_a_post_that_died_blocks_abandoning_and_the_next_post_completes_the_run()
    {
        await using var host = await SettlementHost.StartAsync();
        await TradeAcrossSectorsAsync(host);
        var run = await host.Admin.PreviewSettlementOkAsync("ref");
        await SettlementApi.RunAsync(await host.Admin.ApproveSettlementAsync(run.Id), HttpStatusCode.OK);
        // A post claimed the run ten minutes ago and died before the writer applied anything.
        await host.WithDbAsync(db => db.SettlementRuns.Where(r => r.Id == run.Id).ExecuteUpdateAsync(u => u
            .SetProperty(r => r.PostClaimedBy, "someone")
            .SetProperty(r => r.PostClaimedAt, DateTimeOffset.UtcNow.AddMinutes(-10))
            .SetProperty(r => r.Version, r => r.Version + 1)));

        // Its batch might still be in a writer somewhere: abandoning could leave it applied under an abandoned run.
        await AssertProblemAsync(await host.Admin.AbandonSettlementAsync(run.Id), HttpStatusCode.Conflict, "settlement-run-posting");
        var posted = await SettlementApi.RunAsync(await host.Admin.PostSettlementAsync(run.Id), HttpStatusCode.OK);

        Assert.Equal("Posted", posted.Status);
        Assert.All((await host.Admin.PositionByExchangeAsync()).Values, p => Assert.Equal(0L, p));
        Assert.Null(await host.WithDbAsync(db => db.SettlementRuns.Where(r => r.Id == run.Id).Select(r => r.PostClaimedBy).SingleAsync()));
    }

    [Fact]
    public async Task Above_the_threshold_a_second_administrator_approves_and_posts_at_once_apply_it_once()
    {
        await using var host = await SettlementHost.StartAsync();
        var food = await host.NewMemberAsync("food", debitLimit: 500_000);
        var care = await host.NewMemberAsync("care", creditLimit: 500_000);
        await food.Client.PayOkAsync(food.AccountId, care.AccountId, SettlementHost.SecondApprovalAbove + 1);
        var run = await host.Admin.PreviewSettlementOkAsync("big one");
        Assert.True(run.NeedsSecondApprover);

        await AssertProblemAsync(await host.Admin.ApproveSettlementAsync(run.Id), HttpStatusCode.Forbidden, "second-approver-required");
        Assert.Equal("Previewed", (await host.Admin.GetSettlementAsync(run.Id)).Status);
        var admins = new List<HttpClient>();
        for (var i = 0; i < 3; i++)
        {
            admins.Add((await host.SignInAsNewUserAsync(Roles.Admin)).Client);
        }

        Assert.Equal("Approved", (await SettlementApi.RunAsync(await admins[0].ApproveSettlementAsync(run.Id), HttpStatusCode.OK)).Status);
        var journal = await host.JournalSizeAsync();
        var answers = await Task.WhenAll(admins.Append(host.Admin).Select(a => a.PostSettlementAsync(run.Id)));

        // Each post either posted it or found another post applying it (409 settlement-run-posting); none failed.
        foreach (var answer in answers.Where(a => a.StatusCode != HttpStatusCode.OK))
        {
            await AssertProblemAsync(answer, HttpStatusCode.Conflict, "settlement-run-posting");
        }

        Assert.Contains(answers, a => a.StatusCode == HttpStatusCode.OK);
        Assert.Equal("Posted", (await SettlementApi.RunAsync(await host.Admin.PostSettlementAsync(run.Id), HttpStatusCode.OK)).Status);
        Assert.Equal(journal + 2, await host.JournalSizeAsync());
        Assert.All((await host.Admin.PositionByExchangeAsync()).Values, p => Assert.Equal(0L, p));
    }

    [Fact]
    public async Task Members_may_not_see_positions_or_touch_runs_and_bad_input_is_a_clear_4xx()
    {
        await using var host = await SettlementHost.StartAsync();
        var (food, _, _) = await TradeAcrossSectorsAsync(host);
        var run = await host.Admin.PreviewSettlementOkAsync("ref");
        var before = await host.SnapshotAsync();
        var runs = await host.WithDbAsync(db => db.SettlementRuns.CountAsync());
        var unknown = Guid.NewGuid();

        await AssertProblemAsync(await food.Client.GetAsync(SettlementApi.Positions), HttpStatusCode.Forbidden);
        await AssertProblemAsync(await food.Client.PreviewSettlementAsync("mine"), HttpStatusCode.Forbidden);
        await AssertProblemAsync(await food.Client.GetAsync($"{SettlementApi.Runs}/{run.Id}"), HttpStatusCode.Forbidden);
        await AssertProblemAsync(await food.Client.GetAsync(SettlementApi.Runs), HttpStatusCode.Forbidden);
        await AssertProblemAsync(await food.Client.ApproveSettlementAsync(run.Id), HttpStatusCode.Forbidden);
        await AssertProblemAsync(await food.Client.PostSettlementAsync(run.Id), HttpStatusCode.Forbidden);
        await AssertProblemAsync(await food.Client.AbandonSettlementAsync(run.Id), HttpStatusCode.Forbidden);

        await AssertProblemAsync(await host.Admin.PreviewSettlementAsync(null), HttpStatusCode.BadRequest, field: "reference");
        await AssertProblemAsync(await host.Admin.PreviewSettlementAsync(" "), HttpStatusCode.BadRequest, field: "reference");
        await AssertProblemAsync(await host.Admin.PreviewSettlementAsync(new string('r', 101)), HttpStatusCode.BadRequest, field: "reference");
        await AssertProblemAsync(await host.Admin.PreviewSettlementAsync("nul\u0000"), HttpStatusCode.BadRequest, field: "reference");
        await AssertProblemAsync(await host.Admin.GetAsync($"{SettlementApi.Runs}/{unknown}"), HttpStatusCode.NotFound);
        await AssertProblemAsync(await host.Admin.ApproveSettlementAsync(unknown), HttpStatusCode.NotFound);
        await AssertProblemAsync(await host.Admin.PostSettlementAsync(unknown), HttpStatusCode.NotFound);
        await AssertProblemAsync(await host.Admin.AbandonSettlementAsync(unknown), HttpStatusCode.NotFound);
        await AssertProblemAsync(await host.Admin.AbandonSettlementAsync(run.Id, new string('x', 501)), HttpStatusCode.BadRequest, field: "reason");
        await AssertProblemAsync(await host.Admin.GetAsync($"{SettlementApi.Runs}?pageSize=201"), HttpStatusCode.BadRequest, field: "pageSize");

        await host.AssertUnchangedSinceAsync(before);
        Assert.Equal(runs, await host.WithDbAsync(db => db.SettlementRuns.CountAsync()));
        Assert.Equal("Previewed", (await host.Admin.GetSettlementAsync(run.Id)).Status);
        var listed = (await host.Admin.GetFromJsonAsync<SettlementRunsList.Page>(SettlementApi.Runs))!;
        Assert.Equal((1, run.Id, (object?)null), (listed.Total, listed.Items[0].Id, (object?)listed.Items[0].Transfers));
    }

    /// <summary>food → housing 500, food → services 200, services → housing 50: food +700, housing −550, services −150.</summary>
    private static async Task<(Member Food, Member Housing, Member Services)> TradeAcrossSectorsAsync(SettlementHost host)
    {
        var food = await host.NewMemberAsync("food");
        var housing = await host.NewMemberAsync("housing");
        var services = await host.NewMemberAsync("services");
        await food.Client.PayOkAsync(food.AccountId, housing.AccountId, 500);
        await food.Client.PayOkAsync(food.AccountId, services.AccountId, 200);
        await services.Client.PayOkAsync(services.AccountId, housing.AccountId, 50);
        return (food, housing, services);
    }
}
