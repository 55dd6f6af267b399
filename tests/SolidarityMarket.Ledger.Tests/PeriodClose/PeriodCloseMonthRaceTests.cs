using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using SolidarityMarket.Ledger.Data;
using SolidarityMarket.Ledger.Tests.Api;
using Problems = SolidarityMarket.Ledger.Tests.PaymentRequests.PaymentRequestApi;
using static SolidarityMarket.Ledger.Tests.Api.LedgerApi;

namespace SolidarityMarket.Ledger.Tests.PeriodClose;

/// <summary>
/// Two closes of one month previewed side by side (a levy in one, demurrage in the other): once a post of one has
/// started, the other is never posted — not only once the first is marked Posted, which happens after its last item.
/// A review found the second one posted while the first was being posted: the member paid both policies, and the first
/// could then be neither finished nor abandoned.
/// </summary>
public sealed class PeriodCloseMonthRaceTests
{
    [Fact]
    public async Task A_second_close_of_the_month_is_refused_while_the_first_is_being_posted_and_the_first_can_be_finished()
    {
        await using var host = await PeriodCloseHost.StartAsync<PeriodCloseHost>();
        var (b, first, second) = await TwoApprovedClosesAsync(host);

        // The first close's post, caught in flight: its levy is in the ledger, its outcomes not saved yet, its claim
        // young, its status still Approved (as PeriodCloseTests stages "a post that lost its outcomes").
        await PeriodCloseApi.CloseAsync(await host.Admin.PostCloseAsync(first), HttpStatusCode.OK);
        await host.WithDbAsync(db => db.Set<PeriodCloseRunItem>().Where(i => i.RunId == first)
            .ExecuteUpdateAsync(u => u.SetProperty(i => i.Outcome, PeriodCloseOutcome.Pending)));
        var claimedAt = host.Clock.GetUtcNow();
        await host.WithDbAsync(db => db.PeriodCloseRuns.Where(r => r.Id == first).ExecuteUpdateAsync(u => u
            .SetProperty(r => r.Status, RunStatus.Approved).SetProperty(r => r.PostClaimedBy, "a-live-post").SetProperty(r => r.PostClaimedAt, claimedAt)));
        var levied = await host.Admin.BalanceAsync(b);

        var refused = await host.Admin.PostCloseAsync(second);

        var problem = await Problems.AssertProblemAsync(refused, HttpStatusCode.Conflict, "period-close-exists");
        Assert.Contains(first.ToString(), problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(levied, await host.Admin.BalanceAsync(b));
        Assert.Equal(("Approved", 0), await StateAsync(host, second));

        // The first is finished once its post's claim has expired; the second is then abandoned.
        await host.AdvanceAsync(TimeSpan.FromMinutes(6));
        Assert.Equal("Posted", (await PeriodCloseApi.CloseAsync(await host.Admin.PostCloseAsync(first), HttpStatusCode.OK)).Status);
        await Problems.AssertProblemAsync(await host.Admin.PostCloseAsync(second), HttpStatusCode.Conflict, "period-close-exists");
        Assert.Equal("Abandoned", (await PeriodCloseApi.CloseAsync(await host.Admin.AbandonCloseAsync(second, "month closed by the other"), HttpStatusCode.OK)).Status);
        Assert.Equal(levied, await host.Admin.BalanceAsync(b));
    }

    [Fact]
    public async Task A_post_that_finds_a_rival_claimed_just_after_its_own_look_backs_off_and_releases_its_claim()
    {
        await using var host = await PeriodCloseHost.StartAsync<RivalHost>();
        var (b, first, second) = await TwoApprovedClosesAsync(host);
        var before = await host.Admin.BalanceAsync(b);
        // Both posts looked and saw no other close claimed; the first close's post claims it just as the second's claim
        // is saved (the interceptor), so only the second's look after its claim can see it.
        ((RivalHost)host).Rival.Arm(claiming: second, rival: first, at: host.Clock.GetUtcNow());

        var refused = await host.Admin.PostCloseAsync(second);

        await Problems.AssertProblemAsync(refused, HttpStatusCode.Conflict, "period-close-exists");
        Assert.True(((RivalHost)host).Rival.Fired);
        Assert.Equal(before, await host.Admin.BalanceAsync(b));
        Assert.Equal(("Approved", 0), await StateAsync(host, second));
        Assert.Null(await host.WithDbAsync(db => db.PeriodCloseRuns.Where(r => r.Id == second).Select(r => r.PostClaimedAt).SingleAsync()));

        // The rival's post (staged, so it never ran) is taken over once its claim has expired: the month gets one close.
        await host.AdvanceAsync(TimeSpan.FromMinutes(6));
        Assert.Equal("Posted", (await PeriodCloseApi.CloseAsync(await host.Admin.PostCloseAsync(first), HttpStatusCode.OK)).Status);
        await Problems.AssertProblemAsync(await host.Admin.PostCloseAsync(second), HttpStatusCode.Conflict, "period-close-exists");
        Assert.Equal(before - 100, await host.Admin.BalanceAsync(b));
    }

    /// <summary>B earns 10,000 in March; close 1 levies 100 bp of sales, close 2 charges 100 bp demurrage; both approved.</summary>
    private static async Task<(Guid B, Guid First, Guid Second)> TwoApprovedClosesAsync(PeriodCloseHost host)
    {
        var a = await host.NewMemberAsync("food");
        var b = await host.NewMemberAsync("food");
        await a.Client.PayOkAsync(a.AccountId, b.AccountId, 10_000);
        await host.AdvanceAsync(TimeSpan.FromDays(32));
        var first = await host.Admin.PreviewCloseOkAsync(new { exchangeId = "food", month = "2026-03", levyBasisPoints = 100 });
        var second = await host.Admin.PreviewCloseOkAsync(new { exchangeId = "food", month = "2026-03", demurrageBasisPoints = 100 });
        Assert.NotEmpty(first.Items!);
        Assert.NotEmpty(second.Items!);
        await PeriodCloseApi.CloseAsync(await host.Admin.ApproveCloseAsync(first.Id), HttpStatusCode.OK);
        await PeriodCloseApi.CloseAsync(await host.Admin.ApproveCloseAsync(second.Id), HttpStatusCode.OK);
        return (b.AccountId, first.Id, second.Id);
    }

    private static Task<(string Status, int Applied)> StateAsync(PeriodCloseHost host, Guid close) => host.WithDbAsync(async db =>
    {
        var run = await db.PeriodCloseRuns.AsNoTracking().SingleAsync(r => r.Id == close);
        var applied = await db.Set<PeriodCloseRunItem>().CountAsync(i => i.RunId == close && i.Outcome != PeriodCloseOutcome.Pending);
        return (run.Status.ToString(), applied);
    });

    public sealed class RivalHost : PeriodCloseHost
    {
        public RivalClaimsAfterSave Rival { get; } = new();

        protected override void ConfigureServices(IServiceCollection services)
        {
            base.ConfigureServices(services);
            services.ConfigureDbContext<LedgerSqliteDbContext>(o => o.AddInterceptors(Rival));
        }
    }

    /// <summary>Once, right after the claim on one close is saved: another close of the month is claimed by a post of its own.</summary>
    public sealed class RivalClaimsAfterSave : SaveChangesInterceptor
    {
        private (Guid Claiming, Guid Rival, DateTimeOffset At)? _armed;

        public bool Fired { get; private set; }

        public void Arm(Guid claiming, Guid rival, DateTimeOffset at) => _armed = (claiming, rival, at);

        public override async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
        {
            if (_armed is { } armed && !Fired && eventData.Context is LedgerDbContext db
                && db.ChangeTracker.Entries<PeriodCloseRun>().Any(e => e.Entity.Id == armed.Claiming && e.Entity.PostClaimedAt != null))
            {
                Fired = true;
                await db.PeriodCloseRuns.Where(r => r.Id == armed.Rival).ExecuteUpdateAsync(u => u
                    .SetProperty(r => r.PostClaimedBy, "rival-post").SetProperty(r => r.PostClaimedAt, armed.At).SetProperty(r => r.Version, r => r.Version + 1), cancellationToken);
            }

            return result;
        }
    }
}
