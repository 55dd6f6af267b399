using System.Net;
using System.Net.Http.Json;
using SolidarityMarket.Ledger.Features;
using SolidarityMarket.ServiceDefaults.Auth;
using static SolidarityMarket.Ledger.Tests.Api.LedgerApi;

namespace SolidarityMarket.Ledger.Tests.Api;

/// <summary>The hard limits (holds counted), audited limit changes, freezing and closing.</summary>
public sealed class LimitTests(LedgerHost host) : IClassFixture<LedgerHost>
{
    [Fact]
    public async Task A_payer_can_go_exactly_to_its_debit_limit_and_not_one_hundredth_further()
    {
        var payer = await host.NewMemberAsync(debitLimit: 5_000);
        var payee = await host.NewMemberAsync();
        var before = await host.SnapshotAsync();

        await AssertProblemAsync(await payer.Client.PayAsync(payer.AccountId, payee.AccountId, 5_001), HttpStatusCode.UnprocessableEntity, "exceeds-debit-limit");
        await host.AssertUnchangedSinceAsync(before);

        await payer.Client.PayOkAsync(payer.AccountId, payee.AccountId, 5_000);
        var atLimit = await payer.Client.AccountAsync(payer.AccountId);
        Assert.Equal((-5_000L, 0L), (atLimit.Balance, atLimit.AvailableToSpend));

        var full = await host.SnapshotAsync();
        await AssertProblemAsync(await payer.Client.PayAsync(payer.AccountId, payee.AccountId, 1), HttpStatusCode.UnprocessableEntity, "exceeds-debit-limit");
        await host.AssertUnchangedSinceAsync(full);
        Assert.Equal(5_000, await payee.Client.BalanceAsync(payee.AccountId));
    }

    [Fact]
    public async Task A_refusal_is_not_remembered_so_the_same_request_succeeds_once_the_limit_is_raised()
    {
        var payer = await host.NewMemberAsync(debitLimit: 1_000);
        var payee = await host.NewMemberAsync();
        var id = Guid.NewGuid();
        await AssertProblemAsync(await payer.Client.PayAsync(payer.AccountId, payee.AccountId, 1_500, id), HttpStatusCode.UnprocessableEntity, "exceeds-debit-limit");
        await AssertProblemAsync(await payer.Client.GetAsync($"{Transfers}/{id}"), HttpStatusCode.NotFound);

        await host.Admin.SetLimitsAsync(payer.AccountId, 2_000, 40_000);
        var accepted = await CreatedAsync(await payer.Client.PayAsync(payer.AccountId, payee.AccountId, 1_500, id));

        Assert.Equal(id, accepted.Transfers[0].Id);
        Assert.Equal(-1_500, await payer.Client.BalanceAsync(payer.AccountId));
    }

    [Fact]
    public async Task A_payee_cannot_receive_beyond_its_credit_limit()
    {
        var payer = await host.NewMemberAsync();
        var payee = await host.NewMemberAsync(creditLimit: 3_000);
        var before = await host.SnapshotAsync();

        await AssertProblemAsync(await payer.Client.PayAsync(payer.AccountId, payee.AccountId, 3_001), HttpStatusCode.UnprocessableEntity, "exceeds-credit-limit");
        await host.AssertUnchangedSinceAsync(before);

        await payer.Client.PayOkAsync(payer.AccountId, payee.AccountId, 3_000);
        Assert.Equal(3_000, await payee.Client.BalanceAsync(payee.AccountId));
    }

    [Fact]
    public async Task A_hold_counts_against_the_payers_limit_at_once()
    {
        var payer = await host.NewMemberAsync(debitLimit: 10_000);
        var payee = await host.NewMemberAsync();

        await payer.Client.PayOkAsync(payer.AccountId, payee.AccountId, 6_000, hold: true);

        var held = await payer.Client.AccountAsync(payer.AccountId);
        Assert.Equal((0L, 6_000L, 4_000L), (held.Balance, held.PendingDebits, held.AvailableToSpend));
        Assert.Equal((0L, 6_000L), ((await payee.Client.AccountAsync(payee.AccountId)).Balance, (await payee.Client.AccountAsync(payee.AccountId)).PendingCredits));
        var before = await host.SnapshotAsync();
        // 5,000 fits the balance (0 − 5,000 ≥ −10,000) but not balance − holds (−11,000).
        await AssertProblemAsync(await payer.Client.PayAsync(payer.AccountId, payee.AccountId, 5_000), HttpStatusCode.UnprocessableEntity, "exceeds-debit-limit");
        await host.AssertUnchangedSinceAsync(before);
        await payer.Client.PayOkAsync(payer.AccountId, payee.AccountId, 4_000);
        Assert.Equal(0, (await payer.Client.AccountAsync(payer.AccountId)).AvailableToSpend);
    }

    [Fact]
    public async Task A_hold_counts_against_the_payees_ceiling_at_once()
    {
        var payer = await host.NewMemberAsync();
        var payee = await host.NewMemberAsync(creditLimit: 5_000);
        await payer.Client.PayOkAsync(payer.AccountId, payee.AccountId, 4_000, hold: true);
        var before = await host.SnapshotAsync();

        await AssertProblemAsync(await payer.Client.PayAsync(payer.AccountId, payee.AccountId, 1_001), HttpStatusCode.UnprocessableEntity, "exceeds-credit-limit");

        await host.AssertUnchangedSinceAsync(before);
    }

    [Fact]
    public async Task An_administrator_changes_limits_and_the_change_is_audited_with_who_and_why()
    {
        var (member, _) = await host.SignInAsNewUserAsync(Roles.Member);
        var own = (await member.OpenOwnAccountAsync("food")).Id; // opened with debit limit 0: the first change is a grant
        var before = (await host.Admin.GetFromJsonAsync<List<ChangeAccount.LimitChangeDto>>($"{Accounts}/{own}/limit-changes"))!;

        var response = await host.Admin.PutAsJsonAsync($"{Accounts}/{own}/limits", new { debitLimit = 12_345, creditLimit = 67_890, reason = "  Good standing  " });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var account = (await response.Content.ReadFromJsonAsync<AccountDto>())!;
        Assert.Equal((12_345L, 67_890L, 12_345L), (account.DebitLimit, account.CreditLimit, account.AvailableToSpend));
        Assert.Empty(before);
        var change = Assert.Single((await host.Admin.GetFromJsonAsync<List<ChangeAccount.LimitChangeDto>>($"{Accounts}/{own}/limit-changes"))!);
        Assert.Equal((0L, 40_000L, 12_345L, 67_890L), (change.PreviousDebitLimit, change.PreviousCreditLimit, change.DebitLimit, change.CreditLimit));
        Assert.Equal((host.AdminUserId, "Good standing"), (change.ChangedBy, change.Reason));
        Assert.True(change.ChangedAt > DateTimeOffset.UtcNow.AddMinutes(-5));

        var same = await host.Admin.PutAsJsonAsync($"{Accounts}/{own}/limits", new { debitLimit = 12_345, creditLimit = 67_890, reason = "again" });
        Assert.Equal(HttpStatusCode.OK, same.StatusCode);
        Assert.Single((await host.Admin.GetFromJsonAsync<List<ChangeAccount.LimitChangeDto>>($"{Accounts}/{own}/limit-changes"))!);
    }

    [Fact]
    public async Task The_limit_history_of_an_account_that_does_not_exist_is_a_404_not_an_empty_list()
    {
        await AssertProblemAsync(await host.Admin.GetAsync($"{Accounts}/{Guid.NewGuid()}/limit-changes"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Limit_changes_need_a_reason_and_valid_limits_and_may_not_go_below_current_usage()
    {
        var member = await host.NewMemberAsync();
        var other = await host.NewMemberAsync();
        await member.Client.PayOkAsync(member.AccountId, other.AccountId, 3_000);
        var before = await host.SnapshotAsync();

        var noReason = await host.Admin.PutAsJsonAsync($"{Accounts}/{member.AccountId}/limits", new { debitLimit = 1, creditLimit = 1 });
        var negative = await host.Admin.PutAsJsonAsync($"{Accounts}/{member.AccountId}/limits", new { debitLimit = -1, creditLimit = 1, reason = "x" });
        var belowUsage = await host.Admin.PutAsJsonAsync($"{Accounts}/{member.AccountId}/limits", new { debitLimit = 2_999, creditLimit = 40_000, reason = "x" });
        var unknown = await host.Admin.PutAsJsonAsync($"{Accounts}/{Guid.NewGuid()}/limits", new { debitLimit = 1, creditLimit = 1, reason = "x" });

        await AssertProblemAsync(noReason, HttpStatusCode.BadRequest);
        await AssertProblemAsync(negative, HttpStatusCode.BadRequest);
        await AssertProblemAsync(belowUsage, HttpStatusCode.UnprocessableEntity, "limit-below-current-usage");
        await AssertProblemAsync(unknown, HttpStatusCode.NotFound, "account-not-found");
        await host.AssertUnchangedSinceAsync(before);
    }

    [Fact]
    public async Task A_member_cannot_change_limits_freeze_or_read_the_limit_audit()
    {
        var member = await host.NewMemberAsync();
        var before = await host.SnapshotAsync();

        await AssertProblemAsync(await member.Client.PutAsJsonAsync($"{Accounts}/{member.AccountId}/limits", new { debitLimit = 1_000_000, creditLimit = 1_000_000, reason = "I want more" }), HttpStatusCode.Forbidden);
        await AssertProblemAsync(await member.Client.PostAsJsonAsync($"{Accounts}/{member.AccountId}/freeze", new { reason = "test" }), HttpStatusCode.Forbidden);
        await AssertProblemAsync(await member.Client.PostAsJsonAsync($"{Accounts}/{member.AccountId}/close", new { reason = "test" }), HttpStatusCode.Forbidden);
        await AssertProblemAsync(await member.Client.GetAsync($"{Accounts}/{member.AccountId}/limit-changes"), HttpStatusCode.Forbidden);

        await host.AssertUnchangedSinceAsync(before);
    }

    [Fact]
    public async Task A_frozen_account_neither_pays_nor_receives_until_unfrozen()
    {
        var frozen = await host.NewMemberAsync();
        var other = await host.NewMemberAsync();

        var freeze = await host.Admin.PostAsJsonAsync($"{Accounts}/{frozen.AccountId}/freeze", new { reason = "test" });
        Assert.Equal(HttpStatusCode.OK, freeze.StatusCode);
        Assert.Equal("Frozen", (await freeze.Content.ReadFromJsonAsync<AccountDto>())!.Status);
        var before = await host.SnapshotAsync();

        await AssertProblemAsync(await frozen.Client.PayAsync(frozen.AccountId, other.AccountId, 100), HttpStatusCode.UnprocessableEntity, "account-frozen");
        await AssertProblemAsync(await other.Client.PayAsync(other.AccountId, frozen.AccountId, 100), HttpStatusCode.UnprocessableEntity, "account-frozen");
        await AssertProblemAsync(await other.Client.PayAsync(other.AccountId, frozen.AccountId, 100, hold: true), HttpStatusCode.UnprocessableEntity, "account-frozen");
        await host.AssertUnchangedSinceAsync(before);

        var unfreeze = await host.Admin.PostAsJsonAsync($"{Accounts}/{frozen.AccountId}/unfreeze", new { reason = "test" });
        Assert.Equal("Active", (await unfreeze.Content.ReadFromJsonAsync<AccountDto>())!.Status);
        await frozen.Client.PayOkAsync(frozen.AccountId, other.AccountId, 100);
        await other.Client.PayOkAsync(other.AccountId, frozen.AccountId, 40);
        Assert.Equal(-60, await frozen.Client.BalanceAsync(frozen.AccountId));
    }

    [Fact]
    public async Task An_account_closes_only_at_zero_without_holds_and_then_takes_no_more_trades()
    {
        var closing = await host.NewMemberAsync();
        var other = await host.NewMemberAsync();
        await other.Client.PayOkAsync(other.AccountId, closing.AccountId, 500);
        var notZero = await host.SnapshotAsync();

        await AssertProblemAsync(await host.Admin.PostAsJsonAsync($"{Accounts}/{closing.AccountId}/close", new { reason = "test" }), HttpStatusCode.UnprocessableEntity, "account-not-zero");
        await host.AssertUnchangedSinceAsync(notZero);

        await closing.Client.PayOkAsync(closing.AccountId, other.AccountId, 500);
        var hold = (await other.Client.PayOkAsync(other.AccountId, closing.AccountId, 10, hold: true)).Transfers[0].Id;
        await AssertProblemAsync(await host.Admin.PostAsJsonAsync($"{Accounts}/{closing.AccountId}/close", new { reason = "test" }), HttpStatusCode.UnprocessableEntity, "account-has-open-holds");
        Assert.Equal(HttpStatusCode.Created, (await other.Client.VoidHoldAsync(hold)).StatusCode);

        var close = await host.Admin.PostAsJsonAsync($"{Accounts}/{closing.AccountId}/close", new { reason = "test" });
        Assert.Equal(HttpStatusCode.OK, close.StatusCode);
        Assert.Equal("Closed", (await close.Content.ReadFromJsonAsync<AccountDto>())!.Status);
        var closed = await host.SnapshotAsync();
        await AssertProblemAsync(await other.Client.PayAsync(other.AccountId, closing.AccountId, 1), HttpStatusCode.UnprocessableEntity, "account-closed");
        await AssertProblemAsync(await closing.Client.PayAsync(closing.AccountId, other.AccountId, 1), HttpStatusCode.UnprocessableEntity, "account-closed");
        await AssertProblemAsync(await host.Admin.PostAsJsonAsync($"{Accounts}/{closing.AccountId}/unfreeze", new { reason = "test" }), HttpStatusCode.UnprocessableEntity, "account-closed");
        await host.AssertUnchangedSinceAsync(closed);
        Assert.Equal(HttpStatusCode.OK, (await host.Admin.PostAsJsonAsync($"{Accounts}/{closing.AccountId}/close", new { reason = "test" })).StatusCode); // closing again is a replay
        await host.Admin.AssertEveryExchangeZeroSumAsync();
    }
}
