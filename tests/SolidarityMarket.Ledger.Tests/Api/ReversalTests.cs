using System.Net;
using System.Net.Http.Json;
using SolidarityMarket.Ledger.Domain;
using SolidarityMarket.Ledger.Features;
using static SolidarityMarket.Ledger.Tests.Api.LedgerApi;

namespace SolidarityMarket.Ledger.Tests.Api;

/// <summary>Corrections are new opposite transfers linked both ways: the payee within the window, or an administrator.</summary>
public sealed class ReversalTests(LedgerHost host) : IClassFixture<LedgerHost>
{
    [Fact]
    public async Task The_payee_reverses_a_trade_and_both_transfers_link_to_each_other()
    {
        var payer = await host.NewMemberAsync();
        var payee = await host.NewMemberAsync();
        var id = Guid.NewGuid();
        await payer.Client.PayOkAsync(payer.AccountId, payee.AccountId, 1_200, id);

        var response = await payee.Client.ReverseAsync(id, "wrong customer");

        var reversal = Assert.Single((await CreatedAsync(response)).Transfers);
        Assert.Equal(DeterministicId.Derive(id, "reversal"), reversal.Id);
        Assert.Equal(("Reversal", "Reversal", 1_200L, "wrong customer"), (reversal.Kind, reversal.Code, reversal.Amount, reversal.Memo));
        Assert.Equal((payee.AccountId, payer.AccountId, id), (reversal.DebitAccountId, reversal.CreditAccountId, reversal.OriginalId));
        Assert.Equal(reversal.Id, (await payer.Client.TransferAsync(id)).ReversedById);
        Assert.Equal(id, (await payer.Client.TransferAsync(reversal.Id)).OriginalId);
        Assert.Equal(0, await payer.Client.BalanceAsync(payer.AccountId));
        Assert.Equal(0, await payee.Client.BalanceAsync(payee.AccountId));
        var statement = (await payer.Client.GetFromJsonAsync<AccountStatement.Statement>($"{Accounts}/{payer.AccountId}/statement"))!;
        Assert.Equal(new[] { (-1_200L, -1_200L), (1_200L, 0L) }, statement.Lines.Select(l => (l.Amount, l.Balance)));
        await host.Admin.AssertEveryExchangeZeroSumAsync();
    }

    [Fact]
    public async Task A_payee_cannot_squat_the_reversal_id_so_an_administrator_can_still_reverse()
    {
        var payer = await host.NewMemberAsync();
        var payee = await host.NewMemberAsync();
        var id = Guid.NewGuid();
        await payer.Client.PayOkAsync(payer.AccountId, payee.AccountId, 1_200, id);
        var before = await host.SnapshotAsync();

        // The reversal's id is derived from the trade's, so the payee can compute it: sent as a trade of 0.01 back to
        // the payer, it took that id first and every later reversal of the trade was a 409.
        var squat = await payee.Client.PayAsync(payee.AccountId, payer.AccountId, 1, DeterministicId.Derive(id, "reversal"));

        var problem = await AssertProblemAsync(squat, HttpStatusCode.BadRequest);
        Assert.Contains("version 8", problem.GetProperty("errors").GetProperty("id")[0].GetString());
        await host.AssertUnchangedSinceAsync(before);
        var reversal = Assert.Single((await CreatedAsync(await host.Admin.ReverseAsync(id, "admin correction"))).Transfers);
        Assert.Equal((DeterministicId.Derive(id, "reversal"), id), (reversal.Id, reversal.OriginalId));
        Assert.Equal(0, await payer.Client.BalanceAsync(payer.AccountId));
    }

    [Fact]
    public async Task Reversing_again_never_moves_credits_twice()
    {
        var payer = await host.NewMemberAsync();
        var payee = await host.NewMemberAsync();
        var id = Guid.NewGuid();
        await payer.Client.PayOkAsync(payer.AccountId, payee.AccountId, 1_200, id);
        await CreatedAsync(await payee.Client.ReverseAsync(id));
        var before = await host.SnapshotAsync();

        var sameAgain = await payee.Client.ReverseAsync(id);
        var otherMemo = await payee.Client.ReverseAsync(id, "once more");
        var byAdmin = await host.Admin.ReverseAsync(id, "admin too");

        // The reversal's id derives from the original's, so an identical repeat is answered as a replay (200)…
        Assert.Equal(HttpStatusCode.OK, sameAgain.StatusCode);
        Assert.True((await sameAgain.Content.ReadFromJsonAsync<TransferResultDto>())!.Replay);
        // …and any other second reversal is a 409.
        await AssertProblemAsync(otherMemo, HttpStatusCode.Conflict);
        await AssertProblemAsync(byAdmin, HttpStatusCode.Conflict);
        await host.AssertUnchangedSinceAsync(before);
        Assert.Equal(0, await payer.Client.BalanceAsync(payer.AccountId));
    }

    [Fact]
    public async Task A_stranger_gets_404_and_the_payer_may_not_reverse()
    {
        var payer = await host.NewMemberAsync();
        var payee = await host.NewMemberAsync();
        var stranger = await host.NewMemberAsync();
        var id = Guid.NewGuid();
        await payer.Client.PayOkAsync(payer.AccountId, payee.AccountId, 1_200, id);
        var before = await host.SnapshotAsync();

        await AssertProblemAsync(await stranger.Client.ReverseAsync(id), HttpStatusCode.NotFound);
        await AssertProblemAsync(await payer.Client.ReverseAsync(id), HttpStatusCode.UnprocessableEntity, "reversal-not-permitted");
        await AssertProblemAsync(await payee.Client.ReverseAsync(Guid.NewGuid()), HttpStatusCode.NotFound);

        await host.AssertUnchangedSinceAsync(before);
    }

    [Fact]
    public async Task An_open_hold_cannot_be_reversed()
    {
        var payer = await host.NewMemberAsync();
        var payee = await host.NewMemberAsync();
        var hold = (await payer.Client.PayOkAsync(payer.AccountId, payee.AccountId, 800, hold: true)).Transfers[0].Id;
        var before = await host.SnapshotAsync();

        await AssertProblemAsync(await payee.Client.ReverseAsync(hold), HttpStatusCode.UnprocessableEntity, "cannot-reverse-pending");
        await AssertProblemAsync(await host.Admin.ReverseAsync(hold), HttpStatusCode.UnprocessableEntity, "cannot-reverse-pending");

        await host.AssertUnchangedSinceAsync(before);
    }

    [Fact]
    public async Task A_posted_hold_is_reversed_through_its_post_not_its_hold()
    {
        var payer = await host.NewMemberAsync();
        var payee = await host.NewMemberAsync();
        var hold = (await payer.Client.PayOkAsync(payer.AccountId, payee.AccountId, 800, hold: true)).Transfers[0].Id;
        var post = (await CreatedAsync(await payer.Client.PostHoldAsync(hold, 500))).Transfers[0].Id;
        var before = await host.SnapshotAsync();

        await AssertProblemAsync(await payee.Client.ReverseAsync(hold), HttpStatusCode.UnprocessableEntity, "cannot-reverse-pending");
        await host.AssertUnchangedSinceAsync(before);

        var reversal = Assert.Single((await CreatedAsync(await payee.Client.ReverseAsync(post))).Transfers);
        Assert.Equal((500L, post), (reversal.Amount, reversal.OriginalId));
        Assert.Equal(0, await payer.Client.BalanceAsync(payer.AccountId));
    }

    [Fact]
    public async Task A_reversal_cannot_itself_be_reversed()
    {
        var payer = await host.NewMemberAsync();
        var payee = await host.NewMemberAsync();
        var id = Guid.NewGuid();
        await payer.Client.PayOkAsync(payer.AccountId, payee.AccountId, 300, id);
        var reversal = (await CreatedAsync(await payee.Client.ReverseAsync(id))).Transfers[0].Id;
        var before = await host.SnapshotAsync();

        await AssertProblemAsync(await host.Admin.ReverseAsync(reversal), HttpStatusCode.UnprocessableEntity, "cannot-reverse-reversal");

        await host.AssertUnchangedSinceAsync(before);
    }

    [Fact]
    public async Task An_administrator_may_reverse_any_posted_transfer()
    {
        var payer = await host.NewMemberAsync();
        var payee = await host.NewMemberAsync();
        var id = Guid.NewGuid();
        await payer.Client.PayOkAsync(payer.AccountId, payee.AccountId, 2_500, id);

        var reversal = Assert.Single((await CreatedAsync(await host.Admin.ReverseAsync(id))).Transfers);

        Assert.Equal(id, reversal.OriginalId);
        Assert.Equal(reversal.Id, (await host.Admin.TransferAsync(id)).ReversedById);
        Assert.Equal(0, await payer.Client.BalanceAsync(payer.AccountId));
        Assert.Equal(0, await payee.Client.BalanceAsync(payee.AccountId));
    }

    [Fact]
    public async Task A_reversal_the_payee_can_no_longer_afford_is_refused_without_change()
    {
        var payer = await host.NewMemberAsync();
        var payee = await host.NewMemberAsync(debitLimit: 0);
        var third = await host.NewMemberAsync();
        var id = Guid.NewGuid();
        await payer.Client.PayOkAsync(payer.AccountId, payee.AccountId, 1_000, id);
        await payee.Client.PayOkAsync(payee.AccountId, third.AccountId, 600); // spent most of it
        var before = await host.SnapshotAsync();

        await AssertProblemAsync(await payee.Client.ReverseAsync(id), HttpStatusCode.UnprocessableEntity, "exceeds-debit-limit");

        await host.AssertUnchangedSinceAsync(before);
    }

    [Fact]
    public async Task A_reversal_memo_over_500_characters_is_400()
    {
        var payer = await host.NewMemberAsync();
        var payee = await host.NewMemberAsync();
        var id = Guid.NewGuid();
        await payer.Client.PayOkAsync(payer.AccountId, payee.AccountId, 100, id);
        var before = await host.SnapshotAsync();

        await AssertProblemAsync(await payee.Client.ReverseAsync(id, new string('m', 501)), HttpStatusCode.BadRequest);

        await host.AssertUnchangedSinceAsync(before);
    }
}
