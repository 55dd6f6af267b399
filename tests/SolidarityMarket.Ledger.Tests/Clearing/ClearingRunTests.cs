using System.Net;
using System.Net.Http.Json;
using SolidarityMarket.Ledger.Features;
using SolidarityMarket.Ledger.Tests.Api;
using static SolidarityMarket.Ledger.Tests.PaymentRequests.PaymentRequestApi;

namespace SolidarityMarket.Ledger.Tests.Clearing;

/// <summary>
/// Clearing runs through the API on SQLite: preview, approve, post once; what posting changes (the requests' cleared
/// amounts, nothing else) and what makes a run stale. Each test uses its own exchange of <see cref="ClearingHost"/>.
/// </summary>
public sealed class ClearingRunTests(ClearingHost host) : IClassFixture<ClearingHost>
{
    [Fact]
    public async Task A_network_of_obligations_is_cleared_optimally_once_and_no_credit_moves()
    {
        var (a, b, c) = (await host.NewMemberAsync("c1"), await host.NewMemberAsync("c1"), await host.NewMemberAsync("c1"));
        // A → B 100, B → C 100, C → A 60, A → C 40. Cancelling the short cycle A ⇄ C first would leave 160 owed; the
        // optimum leaves 120: 60 off each of A → B, B → C and C → A.
        var ab = await a.OweAsync(b, 100);
        var bc = await b.OweAsync(c, 100);
        var ca = await c.OweAsync(a, 60);
        var ac = await a.OweAsync(c, 40);
        var acBefore = (await host.RequestsAsync([ac.Id]))[ac.Id];
        var before = await host.SnapshotAsync();

        var run = await host.Admin.PreviewOkAsync("c1");

        Assert.Equal(("c1", "Previewed", 4, 0, 300L, 180L, 120L, false), (run.ExchangeId, run.Status, run.ObligationCount, run.SkippedCount, run.TotalBefore, run.TotalSetOff, run.TotalAfter, run.NeedsSecondApprover));
        Assert.Equal(new Dictionary<Guid, long> { [ab.Id] = 60, [bc.Id] = 60, [ca.Id] = 60 }, run.SetOffs());
        Assert.All(run.Lines!, l => Assert.Equal(l.OutstandingBefore - l.SetOff, l.OutstandingAfter));
        var positions = run.Accounts!.ToDictionary(x => x.AccountId);
        Assert.Equal((140L, 60L, 60L, 80L, 0L, -80L), Position(positions[a.AccountId]));
        Assert.Equal((100L, 100L, 60L, 40L, 40L, 0L), Position(positions[b.AccountId]));
        Assert.Equal((60L, 140L, 60L, 0L, 80L, 80L), Position(positions[c.AccountId]));
        await host.AssertUnchangedSinceAsync(before); // a preview changes nothing
        Assert.Equal(run.Json(), (await host.Admin.GetRunAsync(run.Id)).Json());

        await AssertProblemAsync(await host.Admin.PostRunAsync(run.Id), HttpStatusCode.Conflict, "clearing-run-not-approved");
        var approved = await ClearingApi.RunAsync(await host.Admin.ApproveAsync(run.Id), HttpStatusCode.OK);
        Assert.Equal(("Approved", host.AdminUserId), (approved.Status, approved.ApprovedBy));
        var posted = await ClearingApi.RunAsync(await host.Admin.PostRunAsync(run.Id), HttpStatusCode.OK);
        Assert.Equal(("Posted", host.AdminUserId), (posted.Status, posted.PostedBy));
        Assert.Equal(run.Lines!, posted.Lines!);

        var cleared = await host.RequestsAsync([ab.Id, bc.Id, ca.Id, ac.Id]);
        Assert.Equal((100L, 60L, "Accepted"), (cleared[ab.Id].Amount, cleared[ab.Id].Cleared, cleared[ab.Id].Status));
        Assert.Equal((100L, 60L, "Accepted"), (cleared[bc.Id].Amount, cleared[bc.Id].Cleared, cleared[bc.Id].Status));
        Assert.Equal((60L, 60L, "Cleared"), (cleared[ca.Id].Amount, cleared[ca.Id].Cleared, cleared[ca.Id].Status));
        Assert.Equal(acBefore, cleared[ac.Id]); // no set-off: untouched
        Assert.Equal((40L, 0L, "Accepted"), (acBefore.Amount, acBefore.Cleared, acBefore.Status));
        var view = await c.Client.ViewAsync(ca.Id);
        Assert.Equal(("Cleared", $"Cleared by clearing run {run.Id}"), (view.Status, view.CloseReason));
        var obligations = (await host.Admin.ObligationsAsync()).Where(o => o.PayerExchangeId == "c1").ToDictionary(o => o.RequestId);
        Assert.Equal(new[] { ab.Id, ac.Id, bc.Id }.Order(), obligations.Keys.Order());
        Assert.Equal((100L, 60L, 40L), (obligations[ab.Id].Amount, obligations[ab.Id].ClearedAmount, obligations[ab.Id].Outstanding));

        // No credit moved: balances, transfers and the journal are as before; the ledger verifies.
        foreach (var member in new[] { a, b, c })
        {
            Assert.Equal(0L, await member.Client.BalanceAsync(member.AccountId));
        }

        var verify = (await (await host.Admin.GetAsync("/api/ledger/verify")).Content.ReadFromJsonAsync<VerifyLedger.ReportDto>())!;
        Assert.True(verify.Intact);

        // Posting again answers the posted run and changes nothing.
        var afterPost = await host.SnapshotAsync();
        Assert.Equal(posted.Json(), (await ClearingApi.RunAsync(await host.Admin.PostRunAsync(run.Id), HttpStatusCode.OK)).Json());
        Assert.Equal(posted.Json(), (await ClearingApi.RunAsync(await host.Admin.ApproveAsync(run.Id), HttpStatusCode.OK)).Json());
        await host.AssertUnchangedSinceAsync(afterPost);
        await AssertProblemAsync(await host.Admin.AbandonAsync(run.Id), HttpStatusCode.Conflict, "clearing-run-posted");

        // Paying a partly cleared request pays what is outstanding.
        var paid = await ExpectAsync(await a.Client.PayRequestAsync(ab.Id), HttpStatusCode.OK);
        Assert.Equal(("Paid", 60L, 0L), (paid.Status, paid.ClearedAmount, paid.Outstanding));
        Assert.Equal((-40L, 40L), (await a.Client.BalanceAsync(a.AccountId), await b.Client.BalanceAsync(b.AccountId)));

        // What is left is already optimal: a new run finds nothing to set off.
        var again = await host.Admin.PreviewOkAsync("c1");
        Assert.Equal((2, 80L, 0L), (again.ObligationCount, again.TotalBefore, again.TotalSetOff));
        Assert.Empty(again.Lines!);
    }

    [Fact]
    public async Task A_request_paid_between_preview_and_post_makes_the_run_stale_and_nothing_is_applied()
    {
        var (a, b, c) = (await host.NewMemberAsync("c2"), await host.NewMemberAsync("c2"), await host.NewMemberAsync("c2"));
        var ab = await a.OweAsync(b, 100);
        var bc = await b.OweAsync(c, 100);
        var ca = await c.OweAsync(a, 100);
        var run = await host.Admin.PreviewOkAsync("c2");
        Assert.Equal((300L, 300L), (run.TotalBefore, run.TotalSetOff));
        await ClearingApi.RunAsync(await host.Admin.ApproveAsync(run.Id), HttpStatusCode.OK);
        await ExpectAsync(await b.Client.PayRequestAsync(bc.Id), HttpStatusCode.OK);
        var before = await host.RequestsAsync([ab.Id, bc.Id, ca.Id]);

        var problem = await AssertProblemAsync(await host.Admin.PostRunAsync(run.Id), HttpStatusCode.Conflict, "clearing-run-stale");

        Assert.Equal([bc.Id], problem.GetProperty("requestIds").EnumerateArray().Select(e => e.GetGuid()));
        Assert.Equal(before, await host.RequestsAsync([ab.Id, bc.Id, ca.Id]));
        var abandoned = await host.Admin.GetRunAsync(run.Id);
        Assert.Equal(("Abandoned", host.AdminUserId), (abandoned.Status, abandoned.AbandonedBy));
        Assert.StartsWith("Stale:", abandoned.AbandonReason);
        await AssertProblemAsync(await host.Admin.PostRunAsync(run.Id), HttpStatusCode.Conflict, "clearing-run-abandoned");
        await AssertProblemAsync(await host.Admin.ApproveAsync(run.Id), HttpStatusCode.Conflict, "clearing-run-abandoned");

        // A fresh preview sees the network as it is now: A → B and C → A are a chain, nothing to set off.
        var fresh = await host.Admin.PreviewOkAsync("c2");
        Assert.Equal((2, 200L, 0L), (fresh.ObligationCount, fresh.TotalBefore, fresh.TotalSetOff));
    }

    [Fact]
    public async Task Frozen_accounts_and_payments_under_way_are_left_out_and_a_freeze_after_the_preview_makes_it_stale()
    {
        var (a, b, c, d) = (await host.NewMemberAsync("c3"), await host.NewMemberAsync("c3"), await host.NewMemberAsync("c3"), await host.NewMemberAsync("c3"));
        await a.OweAsync(b, 100);
        await b.OweAsync(a, 70);
        await c.OweAsync(d, 50);
        await d.OweAsync(c, 50);
        await FreezeAsync(d.AccountId);

        var run = await host.Admin.PreviewOkAsync("c3");

        Assert.Equal((2, 2, 170L, 140L), (run.ObligationCount, run.SkippedCount, run.TotalBefore, run.TotalSetOff));
        Assert.DoesNotContain(run.Accounts!, x => x.AccountId == c.AccountId || x.AccountId == d.AccountId);

        await ClearingApi.RunAsync(await host.Admin.ApproveAsync(run.Id), HttpStatusCode.OK);
        await FreezeAsync(b.AccountId);
        var problem = await AssertProblemAsync(await host.Admin.PostRunAsync(run.Id), HttpStatusCode.Conflict, "clearing-run-stale");
        Assert.Equal([b.AccountId], problem.GetProperty("accountIds").EnumerateArray().Select(e => e.GetGuid()));
        Assert.All((await host.RequestsAsync(run.Lines!.Select(l => l.RequestId))).Values, r => Assert.Equal(0L, r.Cleared));
    }

    [Fact]
    public async Task Above_the_threshold_the_administrator_who_previewed_may_not_approve_alone()
    {
        var (a, b) = (await host.NewMemberAsync("c4"), await host.NewMemberAsync("c4"));
        await a.OweAsync(b, ClearingHost.SecondApprovalAbove);
        await b.OweAsync(a, ClearingHost.SecondApprovalAbove);
        var run = await host.Admin.PreviewOkAsync("c4");
        Assert.Equal((ClearingHost.SecondApprovalAbove * 2, true), (run.TotalSetOff, run.NeedsSecondApprover));

        await AssertProblemAsync(await host.Admin.ApproveAsync(run.Id), HttpStatusCode.Forbidden, "second-approver-required");
        Assert.Equal("Previewed", (await host.Admin.GetRunAsync(run.Id)).Status);

        var (second, secondId) = await host.SignInAsNewUserAsync(ServiceDefaults.Auth.Roles.Admin);
        var approved = await ClearingApi.RunAsync(await second.ApproveAsync(run.Id), HttpStatusCode.OK);
        Assert.Equal(("Approved", secondId), (approved.Status, approved.ApprovedBy));
        Assert.Equal("Posted", (await ClearingApi.RunAsync(await host.Admin.PostRunAsync(run.Id), HttpStatusCode.OK)).Status);
        Assert.All((await host.RequestsAsync(run.Lines!.Select(l => l.RequestId))).Values, r => Assert.Equal("Cleared", r.Status));
    }

    [Fact]
    public async Task Administrators_posting_at_once_apply_the_run_once()
    {
        var members = new List<Member>();
        for (var i = 0; i < 5; i++)
        {
            members.Add(await host.NewMemberAsync("c5"));
        }

        var requests = new List<Guid>();
        for (var i = 0; i < members.Count; i++)
        {
            requests.Add((await members[i].OweAsync(members[(i + 1) % members.Count], 300 + i)).Id);
        }

        var run = await host.Admin.PreviewOkAsync("c5");
        Assert.Equal(5 * 300L, run.TotalSetOff);
        await ClearingApi.RunAsync(await host.Admin.ApproveAsync(run.Id), HttpStatusCode.OK);
        var admins = new List<HttpClient> { host.Admin };
        for (var i = 0; i < 3; i++)
        {
            admins.Add((await host.SignInAsNewUserAsync(ServiceDefaults.Auth.Roles.Admin)).Client);
        }

        var answers = await Task.WhenAll(admins.Select(admin => admin.PostRunAsync(run.Id)));

        foreach (var answer in answers)
        {
            Assert.Equal("Posted", (await ClearingApi.RunAsync(answer, HttpStatusCode.OK)).Status);
        }

        var stored = await host.RequestsAsync(requests);
        Assert.Equal(requests.Select((id, i) => (id, 300L)), requests.Select(id => (id, stored[id].Cleared)));
        Assert.Equal(["Cleared", "Accepted", "Accepted", "Accepted", "Accepted"], requests.Select(id => stored[id].Status));
    }

    [Fact]
    public async Task Members_may_not_preview_read_approve_post_or_abandon_a_run()
    {
        var (a, b) = (await host.NewMemberAsync("c6"), await host.NewMemberAsync("c6"));
        await a.OweAsync(b, 100);
        await b.OweAsync(a, 100);
        var run = await host.Admin.PreviewOkAsync("c6");
        var before = await host.SnapshotAsync();

        await AssertProblemAsync(await a.Client.PreviewAsync("c6"), HttpStatusCode.Forbidden);
        await AssertProblemAsync(await a.Client.GetAsync($"{ClearingApi.Runs}/{run.Id}"), HttpStatusCode.Forbidden);
        await AssertProblemAsync(await a.Client.GetAsync(ClearingApi.Runs), HttpStatusCode.Forbidden);
        await AssertProblemAsync(await a.Client.ApproveAsync(run.Id), HttpStatusCode.Forbidden);
        await AssertProblemAsync(await b.Client.PostRunAsync(run.Id), HttpStatusCode.Forbidden);
        await AssertProblemAsync(await b.Client.AbandonAsync(run.Id), HttpStatusCode.Forbidden);

        await host.AssertUnchangedSinceAsync(before);
        Assert.Equal(run.Json(), (await host.Admin.GetRunAsync(run.Id)).Json());
        Assert.Equal(1, (await (await host.Admin.GetAsync($"{ClearingApi.Runs}?exchangeId=c6")).Content.ReadFromJsonAsync<ClearingRunsList.Page>())!.Total);
    }

    [Fact]
    public async Task Bad_input_is_a_clear_4xx_and_changes_nothing()
    {
        var (a, b) = (await host.NewMemberAsync("c7"), await host.NewMemberAsync("c7"));
        await a.OweAsync(b, 100);
        await b.OweAsync(a, 100);
        var run = await host.Admin.PreviewOkAsync("c7");
        var runs = await host.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(db.ClearingRuns));
        var before = await host.SnapshotAsync();
        var unknown = Guid.NewGuid();

        await AssertProblemAsync(await host.Admin.PreviewAsync(null), HttpStatusCode.BadRequest, field: "exchangeId");
        await AssertProblemAsync(await host.Admin.PreviewAsync("  "), HttpStatusCode.BadRequest, field: "exchangeId");
        await AssertProblemAsync(await host.Admin.PreviewAsync("no-such-exchange"), HttpStatusCode.NotFound);
        await AssertProblemAsync(await host.Admin.PreviewAsync("food\u0000"), HttpStatusCode.BadRequest, field: "exchangeId");
        await AssertProblemAsync(await host.Admin.PreviewAsync(new string('x', 65)), HttpStatusCode.BadRequest, field: "exchangeId");
        await AssertProblemAsync(await host.Admin.GetAsync($"{ClearingApi.Runs}?exchangeId=%00"), HttpStatusCode.BadRequest, field: "exchangeId");
        await AssertProblemAsync(await host.Admin.PostAsync(ClearingApi.Runs, new StringContent("{\"exchangeId\": 5", System.Text.Encoding.UTF8, "application/json")), HttpStatusCode.BadRequest);
        await AssertProblemAsync(await host.Admin.GetAsync($"{ClearingApi.Runs}/{unknown}"), HttpStatusCode.NotFound);
        await AssertProblemAsync(await host.Admin.ApproveAsync(unknown), HttpStatusCode.NotFound);
        await AssertProblemAsync(await host.Admin.PostRunAsync(unknown), HttpStatusCode.NotFound);
        await AssertProblemAsync(await host.Admin.AbandonAsync(unknown), HttpStatusCode.NotFound);
        await AssertProblemAsync(await host.Admin.AbandonAsync(run.Id, new string('x', 501)), HttpStatusCode.BadRequest, field: "reason");
        await AssertProblemAsync(await host.Admin.GetAsync($"{ClearingApi.Runs}?pageSize=0"), HttpStatusCode.BadRequest, field: "pageSize");
        await AssertProblemAsync(await host.Admin.GetAsync($"{ClearingApi.Runs}?page=0"), HttpStatusCode.BadRequest, field: "page");

        await host.AssertUnchangedSinceAsync(before);
        Assert.Equal(runs, await host.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(db.ClearingRuns)));
        Assert.Equal("Previewed", (await host.Admin.GetRunAsync(run.Id)).Status);

        // Abandoned with a reason, a run is final.
        var abandoned = await ClearingApi.RunAsync(await host.Admin.AbandonAsync(run.Id, "wrong period"), HttpStatusCode.OK);
        Assert.Equal(("Abandoned", "wrong period"), (abandoned.Status, abandoned.AbandonReason));
        Assert.Equal(abandoned.Json(), (await ClearingApi.RunAsync(await host.Admin.AbandonAsync(run.Id, "again"), HttpStatusCode.OK)).Json());
        await AssertProblemAsync(await host.Admin.ApproveAsync(run.Id), HttpStatusCode.Conflict, "clearing-run-abandoned");
        await host.AssertUnchangedSinceAsync(before);
    }

    [Fact]
    public async Task Obligations_that_would_sum_past_64_bits_are_left_out_and_the_rest_are_still_cleared()
    {
        // Requests take any positive amount and accepting to pay later checks no limit: two members can owe each
        // other more than a long holds together. The preview once failed with a 500 for the whole exchange.
        var (a, b) = (await host.NewMemberAsync("c11"), await host.NewMemberAsync("c11"));
        const long Half = (long.MaxValue / 2) + 1;
        var small = await a.OweAsync(b, 100);
        var smallBack = await b.OweAsync(a, 60);
        var huge = await a.OweAsync(b, Half);
        var hugeBack = await b.OweAsync(a, Half);

        var run = await host.Admin.PreviewOkAsync("c11");

        // Oldest due first: 100, 60 and the first Half fit (2^62 + 160); the second Half would pass long.MaxValue.
        Assert.Equal((3, 1, Half + 160, 120L), (run.ObligationCount, run.SkippedCount, run.TotalBefore, run.TotalSetOff));
        var setOffs = run.SetOffs();
        Assert.Equal(60, setOffs[smallBack.Id]);
        Assert.Equal(60, setOffs.GetValueOrDefault(small.Id) + setOffs.GetValueOrDefault(huge.Id));
        Assert.False(setOffs.ContainsKey(hugeBack.Id));
        Assert.All(run.Accounts!, x => Assert.Equal(60, x.SetOff));
    }

    private static (long, long, long, long, long, long) Position(ClearingRuns.AccountDto x) =>
        (x.OwedBefore, x.OwedToBefore, x.SetOff, x.OwedAfter, x.OwedToAfter, x.NetPosition);

    private async Task FreezeAsync(Guid account)
    {
        var response = await host.Admin.PostAsJsonAsync($"{Accounts}/{account}/freeze", new { reason = "audit" });
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }
}
