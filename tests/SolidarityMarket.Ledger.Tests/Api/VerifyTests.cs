using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using SolidarityMarket.Ledger.Features;
using static SolidarityMarket.Ledger.Tests.Api.LedgerApi;

namespace SolidarityMarket.Ledger.Tests.Api;

/// <summary><c>GET /api/ledger/verify</c> recomputes the chains and invariants; administrators only.</summary>
public sealed class VerifyTests(LedgerHost host) : IClassFixture<LedgerHost>
{
    private const string Verify = "/api/ledger/verify";

    [Fact]
    public async Task The_ledger_verifies_intact_after_trades_holds_posts_voids_and_reversals()
    {
        var a = await host.NewMemberAsync("food");
        var b = await host.NewMemberAsync("food");
        var c = await host.NewMemberAsync("care");
        var trade = Guid.NewGuid();
        await a.Client.PayOkAsync(a.AccountId, b.AccountId, 1_000, trade);
        await b.Client.PayOkAsync(b.AccountId, c.AccountId, 400); // cross-sector
        var posted = (await a.Client.PayOkAsync(a.AccountId, b.AccountId, 300, hold: true)).Transfers[0].Id;
        await CreatedAsync(await a.Client.PostHoldAsync(posted, 200));
        var voided = (await a.Client.PayOkAsync(a.AccountId, b.AccountId, 50, hold: true)).Transfers[0].Id;
        await CreatedAsync(await b.Client.VoidHoldAsync(voided));
        await a.Client.PayOkAsync(a.AccountId, b.AccountId, 70, hold: true); // left open
        await CreatedAsync(await b.Client.ReverseAsync(trade));

        var response = await host.Admin.GetAsync(Verify);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var report = (await response.Content.ReadFromJsonAsync<VerifyLedger.ReportDto>())!;
        Assert.True(report.Intact, string.Join("; ", report.Breaks.Select(x => x.Description)));
        Assert.Empty(report.Breaks);
        var entries = await host.WithDbAsync(db => db.Journal.LongCountAsync());
        var accounts = await host.WithDbAsync(db => db.Accounts.CountAsync());
        Assert.Equal((entries, accounts), (report.EntriesChecked, report.AccountsChecked));
        Assert.True(entries >= 5);
    }

    [Fact]
    public async Task A_member_may_not_verify_and_an_anonymous_caller_must_sign_in()
    {
        var member = await host.NewMemberAsync();

        await AssertProblemAsync(await member.Client.GetAsync(Verify), HttpStatusCode.Forbidden);
        await AssertProblemAsync(await host.Factory.CreateClient().GetAsync(Verify), HttpStatusCode.Unauthorized);
    }
}
