using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using SolidarityMarket.Ledger.Data;
using SolidarityMarket.Ledger.Domain;
using SolidarityMarket.Ledger.Features;
using SolidarityMarket.Ledger.Tests.Api;
using SolidarityMarket.Ledger.Tests.Settlement;
using SolidarityMarket.ServiceDefaults.Auth;
using static SolidarityMarket.Ledger.Tests.Api.LedgerApi;
using Problems = SolidarityMarket.Ledger.Tests.PaymentRequests.PaymentRequestApi;

namespace SolidarityMarket.Ledger.Tests.PeriodClose;

/// <summary>
/// Closing a month of an exchange through the API (SQLite, and PostgreSQL for the journal queries): the preview's
/// items from the month's trade, approval, posting item by item once, write-offs of dormant debts, refusals by the
/// ledger, and who may do it. The clock starts on 2026-03-01; March is closed once the clock has passed it.
/// </summary>
public sealed class PeriodCloseTests
{
    private static readonly object MarchPolicy = new
    {
        exchangeId = "food", month = "2026-03", levyBasisPoints = 100, demurrageBasisPoints = 50,
        debitLimitTurnoverBasisPoints = 5_000, minDebitLimit = 5_000, maxDebitLimit = 30_000,
    };

    [Fact]
    public async Task A_month_is_closed_with_levies_demurrage_and_new_debit_limits_applied_once() =>
        await LeviesDemurrageAndLimitsAsync(await PeriodCloseHost.StartAsync<PeriodCloseHost>());

    [Fact]
    public async Task On_PostgreSQL_a_month_is_closed_with_levies_demurrage_and_new_debit_limits_applied_once() =>
        await LeviesDemurrageAndLimitsAsync(await PeriodCloseHost.StartAsync<PostgresPeriodCloseHost>());

    private static async Task LeviesDemurrageAndLimitsAsync(PeriodCloseHost host)
    {
        await using var _ = host;
        var a = await host.NewMemberAsync("food");
        var b = await host.NewMemberAsync("food");
        var c = await host.NewMemberAsync("food");
        var reversed = await a.Client.PayOkAsync(a.AccountId, c.AccountId, 700);
        await a.Client.PayOkAsync(a.AccountId, b.AccountId, 10_000);
        await c.Client.PayOkAsync(c.AccountId, b.AccountId, 2_000);
        await b.Client.PayOkAsync(b.AccountId, a.AccountId, 1_000);
        Assert.Equal(HttpStatusCode.Created, (await host.Admin.ReverseAsync(reversed.Transfers[0].Id)).StatusCode); // a reversed sale is not levied
        await host.AdvanceAsync(TimeSpan.FromDays(32));
        await (await host.SignInAgainAsync(a.UserId)).PayOkAsync(a.AccountId, b.AccountId, 1_000); // April: in none of March's figures
        var (approver, _) = await host.SignInAsNewUserAsync(Roles.Admin);
        var before = await host.SnapshotAsync();

        var close = await host.Admin.PreviewCloseOkAsync(MarchPolicy);

        // a: sold 1,000 in March (levy 10), turnover 11,000 → 5,500, but not below its debt now (10,000; 10,010 after the levy).
        // b: sold 12,000 (levy 120), March's closing balance 11,000 (demurrage 55), turnover 13,000 → 6,500.
        // c: turnover 2,000 (its reversed sale of 700 counts for nothing) → 1,000, raised to the minimum 5,000.
        // Counting April's trade would give b a levy of 130, demurrage 60 and a limit of 7,000.
        Assert.Equal(
            new List<(string, Guid, long, long?, string)>
            {
                ("DebitLimit", a.AccountId, 0, 10_000, "Pending"), ("Levy", a.AccountId, 10, null, "Pending"),
                ("DebitLimit", b.AccountId, 0, 6_500, "Pending"), ("Demurrage", b.AccountId, 55, null, "Pending"), ("Levy", b.AccountId, 120, null, "Pending"),
                ("DebitLimit", c.AccountId, 0, 5_000, "Pending"),
            }.OrderBy(l => l.Item2).ThenBy(l => l.Item1, StringComparer.Ordinal).ToList(),
            close.Lines());
        Assert.Equal(("Previewed", "2026-03", 185L, true), (close.Status, close.Month, close.TotalCredits, close.NeedsSecondApprover));
        Assert.Contains("not below the 10000 in use", close.Items!.Single(i => i.AccountId == a.AccountId && i.Kind == "DebitLimit").Reason);
        await host.AssertUnchangedSinceAsync(before); // a preview moves nothing

        await Problems.AssertProblemAsync(await host.Admin.PostCloseAsync(close.Id), HttpStatusCode.Conflict, "period-close-not-approved");
        await Problems.AssertProblemAsync(await host.Admin.ApproveCloseAsync(close.Id), HttpStatusCode.Forbidden, "second-approver-required");
        await PeriodCloseApi.CloseAsync(await approver.ApproveCloseAsync(close.Id), HttpStatusCode.OK);
        var journal = await host.JournalSizeAsync();
        var posted = await PeriodCloseApi.CloseAsync(await host.Admin.PostCloseAsync(close.Id), HttpStatusCode.OK);

        Assert.Equal(("Posted", host.AdminUserId), (posted.Status, posted.PostedBy));
        Assert.All(posted.Items!, i => Assert.Equal("Applied", i.Outcome));
        Assert.Equal("Set to 10010: not below what the account uses after this close.", posted.Items!.Single(i => i.AccountId == a.AccountId && i.Kind == "DebitLimit").OutcomeDetail);
        Assert.Equal((185L, 5), (posted.AppliedCredits, posted.Items!.Count(i => i.OutcomeDetail is null)));
        Assert.Equal(journal + 3, await host.JournalSizeAsync());
        Assert.Equal((-10_010L, 11_825L, -2_000L), (await host.Admin.BalanceAsync(a.AccountId), await host.Admin.BalanceAsync(b.AccountId), await host.Admin.BalanceAsync(c.AccountId)));
        Assert.Equal((10_010L, 6_500L, 5_000L), ((await host.Admin.AccountAsync(a.AccountId)).DebitLimit, (await host.Admin.AccountAsync(b.AccountId)).DebitLimit, (await host.Admin.AccountAsync(c.AccountId)).DebitLimit));
        Assert.Equal(185L, await host.WithDbAsync(db => db.Accounts.Where(x => x.ExchangeId == "food" && x.Kind == AccountKind.Operating).Select(x => x.Balance).SingleAsync()));
        var levy = await host.Admin.TransferAsync(posted.Items!.Single(i => i.AccountId == b.AccountId && i.Kind == "Levy").TransferId!.Value);
        Assert.Equal(("Levy", 120L, b.AccountId), (levy.Code, levy.Amount, levy.DebitAccountId));
        var history = (await host.Admin.GetFromJsonAsync<List<ChangeAccount.LimitChangeDto>>($"{Accounts}/{b.AccountId}/limit-changes"))!;
        Assert.Contains(history, h => h.DebitLimit == 6_500 && h.PreviousDebitLimit == 20_000 && h.Reason.Contains("period close 2026-03") && h.ChangedBy == host.AdminUserId);
        await host.Admin.AssertEveryExchangeZeroSumAsync();
        var verify = (await host.Admin.GetFromJsonAsync<VerifyLedger.ReportDto>("/api/ledger/verify"))!;
        Assert.True(verify.Intact, string.Join("; ", verify.Breaks.Select(x => x.Description)));

        // Posting again replays; the month cannot be previewed again.
        Assert.Equal(posted.Json(), (await PeriodCloseApi.CloseAsync(await host.Admin.PostCloseAsync(close.Id), HttpStatusCode.OK)).Json());
        Assert.Equal(journal + 3, await host.JournalSizeAsync());
        await Problems.AssertProblemAsync(await host.Admin.PreviewCloseAsync(MarchPolicy), HttpStatusCode.Conflict, "period-close-exists");
        await Problems.AssertProblemAsync(await host.Admin.AbandonCloseAsync(close.Id), HttpStatusCode.Conflict, "period-close-posted");
    }

    [Fact]
    public async Task A_dormant_debt_is_written_off_to_the_reserve_and_the_account_frozen_unless_it_moved_since_the_preview()
    {
        await using var host = await PeriodCloseHost.StartAsync<PeriodCloseHost>();
        var d = await host.NewMemberAsync("food");
        var e = await host.NewMemberAsync("food");
        var f = await host.NewMemberAsync("food");
        await d.Client.PayOkAsync(d.AccountId, e.AccountId, 3_000);
        await f.Client.PayOkAsync(f.AccountId, e.AccountId, 500);
        await host.AdvanceAsync(TimeSpan.FromDays(400)); // 2027-04-05
        var (approver, _) = await host.SignInAsNewUserAsync(Roles.Admin);

        var close = await host.Admin.PreviewCloseOkAsync(new { exchangeId = "food", month = "2027-03", dormantAfterDays = 365 });
        Assert.Equal(
            new List<(string, Guid, long, long?, string)> { ("WriteOff", d.AccountId, 3_000, null, "Pending"), ("WriteOff", f.AccountId, 500, null, "Pending") }
                .OrderBy(l => l.Item2).ToList(),
            close.Lines());

        // f trades again after the preview: it is not dormant any more.
        var eAgain = await host.SignInAgainAsync(e.UserId);
        await eAgain.PayOkAsync(e.AccountId, f.AccountId, 200);
        await PeriodCloseApi.CloseAsync(await approver.ApproveCloseAsync(close.Id), HttpStatusCode.OK);
        var posted = await PeriodCloseApi.CloseAsync(await host.Admin.PostCloseAsync(close.Id), HttpStatusCode.OK);

        var items = posted.Items!.ToDictionary(i => i.AccountId);
        Assert.Equal(("Applied", "NotApplied"), (items[d.AccountId].Outcome, items[f.AccountId].Outcome));
        Assert.Contains("changed since the preview", items[f.AccountId].OutcomeDetail);
        var dNow = await host.Admin.AccountAsync(d.AccountId);
        Assert.Equal((0L, "Frozen"), (dNow.Balance, dNow.Status));
        Assert.Equal((-300L, "Active"), ((await host.Admin.AccountAsync(f.AccountId)).Balance, (await host.Admin.AccountAsync(f.AccountId)).Status));
        Assert.Equal(-3_000L, await host.WithDbAsync(db => db.Accounts.Where(x => x.ExchangeId == "food" && x.Kind == AccountKind.Reserve).Select(x => x.Balance).SingleAsync()));
        var writeOff = await host.Admin.TransferAsync(items[d.AccountId].TransferId!.Value);
        Assert.Equal(("WriteOff", 3_000L, d.AccountId), (writeOff.Code, writeOff.Amount, writeOff.CreditAccountId));
        var statuses = await host.WithDbAsync(db => db.AccountStatusChanges.AsNoTracking().Where(x => x.AccountId == d.AccountId).ToListAsync());
        var frozen = Assert.Single(statuses, s => s.Status == AccountStatus.Frozen && s.Reason.Contains("written off") && s.ChangedBy == host.AdminUserId);
        Assert.Equal(AccountStatus.Active, frozen.PreviousStatus);
        await host.Admin.AssertEveryExchangeZeroSumAsync();
        var verify = (await host.Admin.GetFromJsonAsync<VerifyLedger.ReportDto>("/api/ledger/verify"))!;
        Assert.True(verify.Intact, string.Join("; ", verify.Breaks.Select(x => x.Description)));
    }

    [Fact]
    public async Task A_levy_past_the_members_floor_is_refused_alone_and_a_second_close_of_the_month_is_not_posted()
    {
        await using var host = await PeriodCloseHost.StartAsync<PeriodCloseHost>();
        var g = await host.NewMemberAsync("food", debitLimit: 1_000);
        var h = await host.NewMemberAsync("food");
        await h.Client.PayOkAsync(h.AccountId, g.AccountId, 1_000);
        await g.Client.PayOkAsync(g.AccountId, h.AccountId, 2_000); // g at its floor, -1,000
        await host.AdvanceAsync(TimeSpan.FromDays(32));
        var (approver, _) = await host.SignInAsNewUserAsync(Roles.Admin);
        var first = await host.Admin.PreviewCloseOkAsync(new { exchangeId = "food", month = "2026-03", levyBasisPoints = 100 });
        var second = await host.Admin.PreviewCloseOkAsync(new { exchangeId = "food", month = "2026-03", levyBasisPoints = 100, demurrageBasisPoints = 100 });
        foreach (var close in new[] { first, second })
        {
            await PeriodCloseApi.CloseAsync(await host.Admin.ApproveCloseAsync(close.Id), HttpStatusCode.OK); // 30 and 40: one administrator may
        }

        var postedFirst = await PeriodCloseApi.CloseAsync(await host.Admin.PostCloseAsync(first.Id), HttpStatusCode.OK);

        var items = postedFirst.Items!.ToDictionary(i => i.AccountId);
        Assert.Equal(("NotApplied", 10L), (items[g.AccountId].Outcome, items[g.AccountId].Amount));
        Assert.StartsWith("ExceedsDebitLimit", items[g.AccountId].OutcomeDetail);
        Assert.Null(items[g.AccountId].TransferId); // not applied
        Assert.Equal(("Applied", 20L), (items[h.AccountId].Outcome, items[h.AccountId].Amount));
        Assert.Equal(20L, postedFirst.AppliedCredits);

        // The other close of March, previewed beside it, is not posted (h would pay demurrage on top), and it can be
        // abandoned: the levy transfer it shares an id with is the first close's, not its own.
        await Problems.AssertProblemAsync(await approver.PostCloseAsync(second.Id), HttpStatusCode.Conflict, "period-close-exists");
        Assert.Equal("Abandoned", (await PeriodCloseApi.CloseAsync(await approver.AbandonCloseAsync(second.Id, "March is closed"), HttpStatusCode.OK)).Status);
        Assert.Equal((-1_000L, 980L), (await host.Admin.BalanceAsync(g.AccountId), await host.Admin.BalanceAsync(h.AccountId)));
    }

    [Fact]
    public async Task A_limit_left_where_the_close_s_own_levy_puts_the_debt_is_reported_not_applied()
    {
        await using var host = await PeriodCloseHost.StartAsync<PeriodCloseHost>();
        var g = await host.NewMemberAsync("food", debitLimit: 1_000);
        var h = await host.NewMemberAsync("food");
        await h.Client.PayOkAsync(h.AccountId, g.AccountId, 2_000);
        await g.Client.PayOkAsync(g.AccountId, h.AccountId, 2_800); // g -800 of its 1,000
        await host.AdvanceAsync(TimeSpan.FromDays(32));
        var (approver, _) = await host.SignInAsNewUserAsync(Roles.Admin);

        // g: levy 200 (to exactly its floor); the rule's limit is 0, held at the 800 in use at the preview.
        var close = await host.Admin.CloseMonthAsync(approver, new
        {
            exchangeId = "food", month = "2026-03", levyBasisPoints = 1_000, debitLimitTurnoverBasisPoints = 1, minDebitLimit = 0, maxDebitLimit = 100_000,
        });

        var limit = Assert.Single(close.Items!, i => i.AccountId == g.AccountId && i.Kind == "DebitLimit");
        Assert.Equal((800L, "NotApplied"), (limit.NewDebitLimit!.Value, limit.Outcome));
        Assert.StartsWith("Left at 1000", limit.OutcomeDetail);
        Assert.Equal(("Applied", 200L), (close.Items!.Single(i => i.AccountId == g.AccountId && i.Kind == "Levy").Outcome, close.Items!.Single(i => i.AccountId == g.AccountId && i.Kind == "Levy").Amount));
        Assert.Equal((1_000L, -1_000L), ((await host.Admin.AccountAsync(g.AccountId)).DebitLimit, await host.Admin.BalanceAsync(g.AccountId)));
        Assert.Empty(await host.WithDbAsync(db => db.LimitChanges.AsNoTracking().Where(c => c.AccountId == g.AccountId && c.Reason.Contains("period close")).ToListAsync()));
    }

    [Fact]
    public async Task Posting_again_after_a_post_that_lost_its_outcomes_applies_nothing_twice()
    {
        await using var host = await PeriodCloseHost.StartAsync<PeriodCloseHost>();
        var a = await host.NewMemberAsync("food");
        var b = await host.NewMemberAsync("food");
        await a.Client.PayOkAsync(a.AccountId, b.AccountId, 10_000);
        await b.Client.PayOkAsync(b.AccountId, a.AccountId, 1_000);
        await host.AdvanceAsync(TimeSpan.FromDays(32));
        var (approver, _) = await host.SignInAsNewUserAsync(Roles.Admin);
        var posted = await host.Admin.CloseMonthAsync(approver, MarchPolicy);
        Assert.All(posted.Items!, i => Assert.Equal("Applied", i.Outcome));
        var journal = await host.JournalSizeAsync();
        var limitChanges = await host.WithDbAsync(db => db.LimitChanges.CountAsync());

        // As if the post had stopped after applying everything but before saving any outcome (and its claim expired).
        await host.WithDbAsync(db => db.Set<PeriodCloseRunItem>().Where(i => i.RunId == posted.Id).ExecuteUpdateAsync(u => u.SetProperty(i => i.Outcome, PeriodCloseOutcome.Pending)));
        await host.WithDbAsync(db => db.PeriodCloseRuns.Where(r => r.Id == posted.Id).ExecuteUpdateAsync(u => u.SetProperty(r => r.Status, RunStatus.Approved)));
        await (await host.SignInAgainAsync(b.UserId)).PayOkAsync(b.AccountId, a.AccountId, 500); // a's debt falls meanwhile
        await Problems.AssertProblemAsync(await host.Admin.AbandonCloseAsync(posted.Id), HttpStatusCode.Conflict, "period-close-posting"); // its effects are in the ledger

        var again = await PeriodCloseApi.CloseAsync(await host.Admin.PostCloseAsync(posted.Id), HttpStatusCode.OK);

        Assert.All(again.Items!, i => Assert.Equal("Applied", i.Outcome));
        Assert.Equal("Applied by an earlier post of this close.", again.Items!.Single(i => i.AccountId == a.AccountId && i.Kind == "DebitLimit").OutcomeDetail);
        Assert.Equal((journal + 1, limitChanges), (await host.JournalSizeAsync(), await host.WithDbAsync(db => db.LimitChanges.CountAsync()))); // only b's payment
        Assert.Equal(posted.AppliedCredits, again.AppliedCredits);
    }

    [Fact]
    public async Task A_refused_levy_does_not_raise_the_limit_and_a_raised_limit_counts_towards_the_second_approval()
    {
        await using var host = await PeriodCloseHost.StartAsync<PeriodCloseHost>();
        var g = await host.NewMemberAsync("food", debitLimit: 1_000);
        var h = await host.NewMemberAsync("food");
        await h.Client.PayOkAsync(h.AccountId, g.AccountId, 2_000);
        await g.Client.PayOkAsync(g.AccountId, h.AccountId, 3_000); // g at its floor, -1,000
        await host.AdvanceAsync(TimeSpan.FromDays(32));
        var (approver, _) = await host.SignInAsNewUserAsync(Roles.Admin);

        // g: levy 200 (past its floor), turnover 5,000 → 500, held at the 1,000 in use: no limit item for g.
        var close = await host.Admin.CloseMonthAsync(approver, new
        {
            exchangeId = "food", month = "2026-03", levyBasisPoints = 1_000, debitLimitTurnoverBasisPoints = 1_000, minDebitLimit = 0, maxDebitLimit = 100_000,
        });
        var g1 = Assert.Single(close.Items!, i => i.AccountId == g.AccountId);
        Assert.Equal(("Levy", "NotApplied"), (g1.Kind, g1.Outcome));
        Assert.Equal((1_000L, -1_000L), ((await host.Admin.AccountAsync(g.AccountId)).DebitLimit, await host.Admin.BalanceAsync(g.AccountId)));

        // Limits alone: raising every member's to 1,000,000 (g from 1,000, h from the 500 March's close gave it, a new
        // member from 20,000) extends 2,978,500 of credit, far above the threshold.
        var raise = await host.Admin.PreviewCloseOkAsync(new
        {
            exchangeId = "housing", month = "2026-03", debitLimitTurnoverBasisPoints = 1_000_000, minDebitLimit = 1_000_000, maxDebitLimit = 1_000_000,
        });
        Assert.Equal(0, raise.ItemCount); // no members in housing
        await host.NewMemberAsync("food"); // a third food member, who never traded
        var limits = await host.Admin.PreviewCloseOkAsync(new
        {
            exchangeId = "food", month = "2026-02", debitLimitTurnoverBasisPoints = 1_000_000, minDebitLimit = 1_000_000, maxDebitLimit = 1_000_000,
        });
        Assert.Equal((0L, 2_978_500L, true), (limits.TotalCredits, limits.TotalLimitIncrease, limits.NeedsSecondApprover));
        await Problems.AssertProblemAsync(await host.Admin.ApproveCloseAsync(limits.Id), HttpStatusCode.Forbidden, "second-approver-required");
    }

    [Fact]
    public async Task A_frozen_dormant_debt_is_written_off_but_one_with_a_hold_placed_after_the_preview_is_not()
    {
        await using var host = await PeriodCloseHost.StartAsync<PeriodCloseHost>();
        var d = await host.NewMemberAsync("food");
        var e = await host.NewMemberAsync("food");
        var k = await host.NewMemberAsync("food");
        await d.Client.PayOkAsync(d.AccountId, e.AccountId, 3_000);
        await k.Client.PayOkAsync(k.AccountId, e.AccountId, 2_000);
        Assert.Equal(HttpStatusCode.OK, (await host.Admin.PostAsJsonAsync($"{Accounts}/{d.AccountId}/freeze", new { reason = "left the network" })).StatusCode);
        await host.AdvanceAsync(TimeSpan.FromDays(400));
        var (approver, _) = await host.SignInAsNewUserAsync(Roles.Admin);
        var close = await host.Admin.PreviewCloseOkAsync(new { exchangeId = "food", month = "2027-03", dormantAfterDays = 365 });
        Assert.Equal(2, close.ItemCount);

        // k comes back after the preview and holds a payment: its balance is unchanged, but it is not dormant.
        var hold = await (await host.SignInAgainAsync(k.UserId)).PayOkAsync(k.AccountId, e.AccountId, 1_000, hold: true);
        await PeriodCloseApi.CloseAsync(await approver.ApproveCloseAsync(close.Id), HttpStatusCode.OK);
        var posted = await PeriodCloseApi.CloseAsync(await host.Admin.PostCloseAsync(close.Id), HttpStatusCode.OK);

        var items = posted.Items!.ToDictionary(i => i.AccountId);
        Assert.Equal(("Applied", "NotApplied"), (items[d.AccountId].Outcome, items[k.AccountId].Outcome));
        Assert.Equal((0L, "Frozen"), ((await host.Admin.AccountAsync(d.AccountId)).Balance, (await host.Admin.AccountAsync(d.AccountId)).Status));
        var kNow = await host.Admin.AccountAsync(k.AccountId);
        Assert.Equal((-2_000L, "Active", 1_000L), (kNow.Balance, kNow.Status, kNow.PendingDebits));
        Assert.Equal(HttpStatusCode.Created, (await (await host.SignInAgainAsync(k.UserId)).PostHoldAsync(hold.Transfers[0].Id)).StatusCode);
        await host.Admin.AssertEveryExchangeZeroSumAsync();
    }

    [Fact]
    public async Task A_close_whose_post_died_before_applying_anything_can_be_abandoned_an_hour_later()
    {
        await using var host = await PeriodCloseHost.StartAsync<PeriodCloseHost>();
        var a = await host.NewMemberAsync("food");
        var b = await host.NewMemberAsync("food");
        await a.Client.PayOkAsync(a.AccountId, b.AccountId, 1_000);
        await host.AdvanceAsync(TimeSpan.FromDays(32));
        var close = await host.Admin.PreviewCloseOkAsync(new { exchangeId = "food", month = "2026-03", levyBasisPoints = 100 });
        await PeriodCloseApi.CloseAsync(await host.Admin.ApproveCloseAsync(close.Id), HttpStatusCode.OK);
        var claimedAt = host.Clock.GetUtcNow();
        await host.WithDbAsync(db => db.PeriodCloseRuns.Where(r => r.Id == close.Id)
            .ExecuteUpdateAsync(u => u.SetProperty(r => r.PostClaimedBy, "a-post-that-died").SetProperty(r => r.PostClaimedAt, claimedAt)));

        await Problems.AssertProblemAsync(await host.Admin.AbandonCloseAsync(close.Id), HttpStatusCode.Conflict, "period-close-posting");
        await Problems.AssertProblemAsync(await host.Admin.PostCloseAsync(close.Id), HttpStatusCode.Conflict, "period-close-posting");
        await host.AdvanceAsync(TimeSpan.FromMinutes(61));
        Assert.Equal("Abandoned", (await PeriodCloseApi.CloseAsync(await host.Admin.AbandonCloseAsync(close.Id, "wrong levy"), HttpStatusCode.OK)).Status);
        Assert.Equal(1_000L, await host.Admin.BalanceAsync(b.AccountId));
    }

    [Fact]
    public async Task Bad_input_is_refused_and_members_may_not_close_a_month()
    {
        await using var host = await PeriodCloseHost.StartAsync<PeriodCloseHost>();
        var member = await host.NewMemberAsync("food");
        await host.AdvanceAsync(TimeSpan.FromDays(32));
        var before = await host.SnapshotAsync();

        foreach (var body in new object[]
        {
            new { month = "2026-03" },
            new { exchangeId = "food" },
            new { exchangeId = "food", month = "2026-13" },
            new { exchangeId = "food", month = "2026-03-01" },
            new { exchangeId = "food", month = "2026-04" }, // not over yet
            new { exchangeId = "food", month = "9999-12" },
            new { exchangeId = "food", month = "1999-12" },
            new { exchangeId = "food", month = "2026-03", levyBasisPoints = 10_001 },
            new { exchangeId = "food", month = "2026-03", demurrageBasisPoints = -1 },
            new { exchangeId = "food", month = "2026-03", dormantAfterDays = -5 },
            new { exchangeId = "food", month = "2026-03", minDebitLimit = 5_000, maxDebitLimit = 4_000 },
            new { exchangeId = "food", month = "2026-03", turnoverWindowDays = 0 },
            new { exchangeId = "fo\0od", month = "2026-03" },
        })
        {
            await Problems.AssertProblemAsync(await host.Admin.PreviewCloseAsync(body), HttpStatusCode.BadRequest);
        }

        await Problems.AssertProblemAsync(await host.Admin.PreviewCloseAsync(new { exchangeId = "toys", month = "2026-03" }), HttpStatusCode.NotFound);
        await Problems.AssertProblemAsync(await host.Admin.GetAsync($"{PeriodCloseApi.Closes}/{Guid.NewGuid()}"), HttpStatusCode.NotFound);
        var memberAgain = await host.SignInAgainAsync(member.UserId);
        Assert.Equal(HttpStatusCode.Forbidden, (await memberAgain.PreviewCloseAsync(new { exchangeId = "food", month = "2026-03" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await memberAgain.GetAsync(PeriodCloseApi.Closes)).StatusCode);
        await host.AssertUnchangedSinceAsync(before);

        // An empty month is a close with no items; abandoned, it can never be posted.
        var close = await host.Admin.PreviewCloseOkAsync(new { exchangeId = "food", month = "2026-03" });
        Assert.Equal((0, 0L, false), (close.ItemCount, close.TotalCredits, close.NeedsSecondApprover));
        Assert.Equal(HttpStatusCode.Forbidden, (await memberAgain.PostCloseAsync(close.Id)).StatusCode);
        Assert.Equal("Abandoned", (await PeriodCloseApi.CloseAsync(await host.Admin.AbandonCloseAsync(close.Id, "wrong month"), HttpStatusCode.OK)).Status);
        await Problems.AssertProblemAsync(await host.Admin.PostCloseAsync(close.Id), HttpStatusCode.Conflict, "period-close-abandoned");
        var list = (await host.Admin.GetFromJsonAsync<PeriodClosesList.Page>($"{PeriodCloseApi.Closes}?exchangeId=food"))!;
        Assert.Equal((1, close.Id, "Abandoned"), (list.Total, list.Items[0].Id, list.Items[0].Status));
        Assert.Null(list.Items[0].Items);
    }
}
