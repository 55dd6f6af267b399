using System.Net;
using Microsoft.Extensions.DependencyInjection;
using static SolidarityMarket.Ledger.Tests.Api.LedgerApi;

namespace SolidarityMarket.Ledger.Tests.Api;

/// <summary>Holds with a timeout expire exactly once, and cannot be settled once past it.</summary>
public sealed class HoldExpiryTests(FakeClockLedgerHost host) : IClassFixture<FakeClockLedgerHost>
{
    [Fact]
    public async Task The_fake_clock_replaces_the_system_clock()
    {
        Assert.Same(host.Clock, host.Services.GetRequiredService<TimeProvider>());
        var member = await host.NewMemberAsync();

        Assert.Equal(host.Clock.GetUtcNow(), (await member.Client.AccountAsync(member.AccountId)).OpenedAt);
    }

    [Fact]
    public async Task A_hold_past_its_timeout_cannot_be_posted_or_voided_even_before_the_job_runs()
    {
        var payer = await host.NewMemberAsync();
        var payee = await host.NewMemberAsync();
        var hold = (await payer.Client.PayOkAsync(payer.AccountId, payee.AccountId, 700, hold: true, holdTimeoutSeconds: 60)).Transfers[0];
        Assert.Equal(host.Clock.GetUtcNow().AddSeconds(60), hold.ExpiresAt);

        host.Clock.Advance(TimeSpan.FromSeconds(60));
        var before = await host.SnapshotAsync();

        await AssertProblemAsync(await payer.Client.PostHoldAsync(hold.Id), HttpStatusCode.Conflict, "pending-already-expired");
        await AssertProblemAsync(await payer.Client.VoidHoldAsync(hold.Id), HttpStatusCode.Conflict, "pending-already-expired");
        await host.AssertUnchangedSinceAsync(before);
    }

    [Fact]
    public async Task The_job_expires_a_due_hold_exactly_once_and_releases_what_it_reserved()
    {
        var payer = await host.NewMemberAsync();
        var payee = await host.NewMemberAsync();
        var due = (await payer.Client.PayOkAsync(payer.AccountId, payee.AccountId, 700, hold: true, holdTimeoutSeconds: 60)).Transfers[0];
        var later = (await payer.Client.PayOkAsync(payer.AccountId, payee.AccountId, 300, hold: true, holdTimeoutSeconds: 3_600)).Transfers[0];
        host.Clock.Advance(TimeSpan.FromSeconds(30));
        await host.RunExpireHoldsAsync();
        Assert.Equal("Open", (await payer.Client.TransferAsync(due.Id)).HoldStatus);

        host.Clock.Advance(TimeSpan.FromSeconds(31));
        await host.RunExpireHoldsAsync();

        var expired = await payer.Client.TransferAsync(due.Id);
        Assert.Equal(("Expired", 0L), (expired.HoldStatus, expired.PostedAmount));
        Assert.Equal("Open", (await payer.Client.TransferAsync(later.Id)).HoldStatus);
        var payerNow = await payer.Client.AccountAsync(payer.AccountId);
        Assert.Equal((0L, 300L, 19_700L), (payerNow.Balance, payerNow.PendingDebits, payerNow.AvailableToSpend));
        Assert.Equal(300, (await payee.Client.AccountAsync(payee.AccountId)).PendingCredits);
        var before = await host.SnapshotAsync();
        Assert.Equal(0, await host.RunExpireHoldsAsync());
        await host.AssertUnchangedSinceAsync(before);
        await AssertProblemAsync(await payer.Client.PostHoldAsync(due.Id), HttpStatusCode.Conflict, "pending-already-expired");
        await host.AssertUnchangedSinceAsync(before);

        // The other hold is still usable until its own timeout.
        await CreatedAsync(await payer.Client.PostHoldAsync(later.Id, 250));
        Assert.Equal(-250, await payer.Client.BalanceAsync(payer.AccountId));
        await host.Admin.AssertEveryExchangeZeroSumAsync();
    }

    [Fact]
    public async Task A_hold_without_a_timeout_gets_the_default_of_30_days()
    {
        var payer = await host.NewMemberAsync();
        var payee = await host.NewMemberAsync();

        var hold = (await payer.Client.PayOkAsync(payer.AccountId, payee.AccountId, 900, hold: true)).Transfers[0];

        // Not advanced that far: bearer tokens (1 hour, on the same clock) would expire with it.
        Assert.Equal(host.Clock.GetUtcNow().AddDays(30), hold.ExpiresAt);
        Assert.Equal(hold.CreatedAt.AddDays(30), hold.ExpiresAt);
    }
}
