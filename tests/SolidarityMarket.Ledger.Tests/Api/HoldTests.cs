using System.Net;
using System.Net.Http.Json;
using SolidarityMarket.Ledger.Features;
using static SolidarityMarket.Ledger.Tests.Api.LedgerApi;

namespace SolidarityMarket.Ledger.Tests.Api;

/// <summary>Two-phase payments: place a hold, post all or part of it, or void it — each hold resolved exactly once.</summary>
public sealed class HoldTests(LedgerHost host) : IClassFixture<LedgerHost>
{
    [Fact]
    public async Task A_hold_reserves_without_moving_credits()
    {
        var payer = await host.NewMemberAsync();
        var payee = await host.NewMemberAsync();

        var hold = Assert.Single((await payer.Client.PayOkAsync(payer.AccountId, payee.AccountId, 2_000, hold: true, holdTimeoutSeconds: 3_600)).Transfers);

        Assert.Equal(("Pending", "Open", 2_000L), (hold.Kind, hold.HoldStatus, hold.Amount));
        Assert.Equal(hold.CreatedAt.AddHours(1), hold.ExpiresAt);
        var payerNow = await payer.Client.AccountAsync(payer.AccountId);
        var payeeNow = await payee.Client.AccountAsync(payee.AccountId);
        Assert.Equal((0L, 2_000L, 0L, 18_000L), (payerNow.Balance, payerNow.PendingDebits, payerNow.PendingCredits, payerNow.AvailableToSpend));
        Assert.Equal((0L, 0L, 2_000L), (payeeNow.Balance, payeeNow.PendingDebits, payeeNow.PendingCredits));
        var statement = (await payer.Client.GetFromJsonAsync<AccountStatement.Statement>($"{Accounts}/{payer.AccountId}/statement"))!;
        Assert.Empty(statement.Lines);
    }

    [Fact]
    public async Task Posting_a_smaller_amount_moves_only_that_and_releases_the_rest()
    {
        var payer = await host.NewMemberAsync();
        var payee = await host.NewMemberAsync();
        var hold = (await payer.Client.PayOkAsync(payer.AccountId, payee.AccountId, 2_000, hold: true)).Transfers[0].Id;

        var post = await CreatedAsync(await payer.Client.PostHoldAsync(hold, 1_500));

        var posted = Assert.Single(post.Transfers);
        Assert.Equal(("PostPending", 1_500L, hold), (posted.Kind, posted.Amount, posted.PendingId));
        var payerNow = await payer.Client.AccountAsync(payer.AccountId);
        var payeeNow = await payee.Client.AccountAsync(payee.AccountId);
        Assert.Equal((-1_500L, 0L), (payerNow.Balance, payerNow.PendingDebits));
        Assert.Equal((1_500L, 0L), (payeeNow.Balance, payeeNow.PendingCredits));
        var holdNow = await payer.Client.TransferAsync(hold);
        Assert.Equal(("Posted", 1_500L), (holdNow.HoldStatus, holdNow.PostedAmount));
        await host.Admin.AssertEveryExchangeZeroSumAsync();
    }

    [Fact]
    public async Task Posting_again_is_a_replay_or_a_conflict_and_voiding_a_posted_hold_is_409_all_without_change()
    {
        var payer = await host.NewMemberAsync();
        var payee = await host.NewMemberAsync();
        var hold = (await payer.Client.PayOkAsync(payer.AccountId, payee.AccountId, 2_000, hold: true)).Transfers[0].Id;
        var first = await CreatedAsync(await payer.Client.PostHoldAsync(hold, 1_500));
        var before = await host.SnapshotAsync();

        var same = await payer.Client.PostHoldAsync(hold, 1_500);
        var different = await payer.Client.PostHoldAsync(hold, 1_000);
        var full = await payer.Client.PostHoldAsync(hold);
        var voided = await payer.Client.VoidHoldAsync(hold);

        Assert.Equal(HttpStatusCode.OK, same.StatusCode);
        var replay = (await same.Content.ReadFromJsonAsync<TransferResultDto>())!;
        Assert.True(replay.Replay);
        Assert.Equal(first.Transfers, replay.Transfers);
        await AssertProblemAsync(different, HttpStatusCode.Conflict, "id-already-used-with-different-fields");
        await AssertProblemAsync(full, HttpStatusCode.Conflict, "id-already-used-with-different-fields");
        await AssertProblemAsync(voided, HttpStatusCode.Conflict, "pending-already-posted");
        await host.AssertUnchangedSinceAsync(before);
        Assert.Equal(-1_500, await payer.Client.BalanceAsync(payer.AccountId));
    }

    [Fact]
    public async Task Posting_the_full_hold_without_an_amount_moves_all_of_it()
    {
        var payer = await host.NewMemberAsync();
        var payee = await host.NewMemberAsync();
        var hold = (await payer.Client.PayOkAsync(payer.AccountId, payee.AccountId, 2_000, hold: true)).Transfers[0].Id;

        var post = await CreatedAsync(await payer.Client.PostAsync($"{Transfers}/{hold}/post", null));

        Assert.Equal(2_000, Assert.Single(post.Transfers).Amount);
        Assert.Equal(2_000, await payee.Client.BalanceAsync(payee.AccountId));
    }

    [Fact]
    public async Task Voiding_releases_the_hold_and_it_can_then_be_neither_posted_nor_voided_again()
    {
        var payer = await host.NewMemberAsync();
        var payee = await host.NewMemberAsync();
        var hold = (await payer.Client.PayOkAsync(payer.AccountId, payee.AccountId, 2_000, hold: true)).Transfers[0].Id;

        var voided = await CreatedAsync(await payee.Client.VoidHoldAsync(hold)); // the payee may release it too

        Assert.Equal("VoidPending", Assert.Single(voided.Transfers).Kind);
        var payerNow = await payer.Client.AccountAsync(payer.AccountId);
        Assert.Equal((0L, 0L, 20_000L), (payerNow.Balance, payerNow.PendingDebits, payerNow.AvailableToSpend));
        Assert.Equal(0, (await payee.Client.AccountAsync(payee.AccountId)).PendingCredits);
        Assert.Equal("Voided", (await payer.Client.TransferAsync(hold)).HoldStatus);
        var before = await host.SnapshotAsync();
        await AssertProblemAsync(await payer.Client.PostHoldAsync(hold, 100), HttpStatusCode.Conflict, "pending-already-voided");
        Assert.Equal(HttpStatusCode.OK, (await payer.Client.VoidHoldAsync(hold)).StatusCode); // same void again: a replay
        await host.AssertUnchangedSinceAsync(before);
    }

    [Fact]
    public async Task A_frozen_payers_hold_cannot_be_posted_but_can_be_voided()
    {
        var payer = await host.NewMemberAsync();
        var payee = await host.NewMemberAsync();
        var hold = (await payer.Client.PayOkAsync(payer.AccountId, payee.AccountId, 2_000, hold: true)).Transfers[0].Id;
        Assert.Equal(HttpStatusCode.OK, (await host.Admin.PostAsJsonAsync($"{Accounts}/{payer.AccountId}/freeze", new { reason = "test" })).StatusCode);
        var before = await host.SnapshotAsync();

        await AssertProblemAsync(await payer.Client.PostHoldAsync(hold), HttpStatusCode.UnprocessableEntity, "account-frozen");
        await host.AssertUnchangedSinceAsync(before);

        await CreatedAsync(await payer.Client.VoidHoldAsync(hold));
        var payerNow = await payer.Client.AccountAsync(payer.AccountId);
        Assert.Equal((0L, 0L, "Frozen"), (payerNow.Balance, payerNow.PendingDebits, payerNow.Status));
    }

    [Fact]
    public async Task Posting_more_than_was_held_or_a_zero_amount_is_refused_without_change()
    {
        var payer = await host.NewMemberAsync();
        var payee = await host.NewMemberAsync();
        var hold = (await payer.Client.PayOkAsync(payer.AccountId, payee.AccountId, 2_000, hold: true)).Transfers[0].Id;
        var before = await host.SnapshotAsync();

        await AssertProblemAsync(await payer.Client.PostHoldAsync(hold, 2_001), HttpStatusCode.UnprocessableEntity, "post-amount-exceeds-pending");
        await AssertProblemAsync(await payer.Client.PostHoldAsync(hold, 0), HttpStatusCode.BadRequest);
        await AssertProblemAsync(await payer.Client.PostHoldAsync(hold, -5), HttpStatusCode.BadRequest);

        await host.AssertUnchangedSinceAsync(before);
    }

    [Fact]
    public async Task Only_the_payer_posts_and_strangers_see_nothing()
    {
        var payer = await host.NewMemberAsync();
        var payee = await host.NewMemberAsync();
        var stranger = await host.NewMemberAsync();
        var hold = (await payer.Client.PayOkAsync(payer.AccountId, payee.AccountId, 2_000, hold: true)).Transfers[0].Id;
        var before = await host.SnapshotAsync();

        await AssertProblemAsync(await payee.Client.PostHoldAsync(hold), HttpStatusCode.NotFound);
        await AssertProblemAsync(await stranger.Client.PostHoldAsync(hold), HttpStatusCode.NotFound);
        await AssertProblemAsync(await stranger.Client.VoidHoldAsync(hold), HttpStatusCode.NotFound);
        await AssertProblemAsync(await stranger.Client.GetAsync($"{Transfers}/{hold}"), HttpStatusCode.NotFound);
        await AssertProblemAsync(await payer.Client.PostHoldAsync(Guid.NewGuid()), HttpStatusCode.NotFound);

        await host.AssertUnchangedSinceAsync(before);
    }

    [Fact]
    public async Task Posting_a_transfer_that_is_not_a_hold_is_422()
    {
        var payer = await host.NewMemberAsync();
        var payee = await host.NewMemberAsync();
        var direct = (await payer.Client.PayOkAsync(payer.AccountId, payee.AccountId, 100)).Transfers[0].Id;
        var before = await host.SnapshotAsync();

        await AssertProblemAsync(await payer.Client.PostHoldAsync(direct), HttpStatusCode.UnprocessableEntity, "not-a-pending-transfer");
        await AssertProblemAsync(await payer.Client.VoidHoldAsync(direct), HttpStatusCode.UnprocessableEntity, "not-a-pending-transfer");

        await host.AssertUnchangedSinceAsync(before);
    }
}
