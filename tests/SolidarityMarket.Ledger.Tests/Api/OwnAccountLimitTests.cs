using System.Net;
using System.Net.Http.Json;
using SolidarityMarket.Ledger.Features;
using SolidarityMarket.ServiceDefaults.Auth;
using static SolidarityMarket.Ledger.Tests.Api.LedgerApi;

namespace SolidarityMarket.Ledger.Tests.Api;

/// <summary>
/// Administrators set credit limits (domain.md), and anyone may register: an account a member opens for themselves
/// may be paid and spend what it received, but goes below zero only once an administrator grants a debit limit
/// (audited). An account an administrator opens gets its category's limits.
/// </summary>
public sealed class OwnAccountLimitTests(LedgerHost host) : IClassFixture<LedgerHost>
{
    [Fact]
    public async Task A_members_own_account_opens_with_debit_limit_0_and_an_administrators_with_the_category_limits()
    {
        var (member, memberId) = await host.SignInAsNewUserAsync(Roles.Member);

        var own = await member.OpenOwnAccountAsync("food");
        var opened = await host.Admin.PostAsJsonAsync(Accounts, new { exchangeId = "food", ownerId = Guid.NewGuid(), holderUserIds = new[] { memberId } });
        var withCategory = await host.Admin.PostAsJsonAsync(Accounts, new { exchangeId = "care", ownerId = Guid.NewGuid(), category = "AlliedOrganization" });

        Assert.Equal((0L, 40_000L, 0L), (own.DebitLimit, own.CreditLimit, own.AvailableToSpend)); // the Individual credit limit, no debit limit
        Assert.Equal(HttpStatusCode.Created, opened.StatusCode);
        var byAdmin = (await opened.Content.ReadFromJsonAsync<AccountDto>())!;
        Assert.Equal((20_000L, 40_000L, 20_000L), (byAdmin.DebitLimit, byAdmin.CreditLimit, byAdmin.AvailableToSpend)); // Individual defaults
        Assert.Equal(HttpStatusCode.Created, withCategory.StatusCode);
        var allied = (await withCategory.Content.ReadFromJsonAsync<AccountDto>())!;
        Assert.Equal((25_000L, 50_000L), (allied.DebitLimit, allied.CreditLimit));
        Assert.Equal(0L, (await member.AccountAsync(own.Id)).DebitLimit); // as stored, not only as answered
    }

    [Fact]
    public async Task A_members_own_account_spends_what_it_received_but_goes_below_zero_only_after_an_administrator_grants_a_limit()
    {
        var (member, _) = await host.SignInAsNewUserAsync(Roles.Member);
        var own = (await member.OpenOwnAccountAsync("food")).Id;
        var neighbour = await host.NewMemberAsync(); // given the Individual limits by an administrator
        var shop = await host.NewMemberAsync();
        var id = Guid.NewGuid();
        var before = await host.SnapshotAsync();

        await AssertProblemAsync(await member.PayAsync(own, shop.AccountId, 1, id), HttpStatusCode.UnprocessableEntity, "exceeds-debit-limit");
        await AssertProblemAsync(await member.PayAsync(own, shop.AccountId, 500, hold: true), HttpStatusCode.UnprocessableEntity, "exceeds-debit-limit");
        await host.AssertUnchangedSinceAsync(before);

        // Credits it received are its to spend, down to zero and not a hundredth further.
        await neighbour.Client.PayOkAsync(neighbour.AccountId, own, 700);
        await member.PayOkAsync(own, shop.AccountId, 700);
        var spent = await member.AccountAsync(own);
        Assert.Equal((0L, 0L), (spent.Balance, spent.AvailableToSpend));
        var empty = await host.SnapshotAsync();
        await AssertProblemAsync(await member.PayAsync(own, shop.AccountId, 1, id), HttpStatusCode.UnprocessableEntity, "exceeds-debit-limit");
        await host.AssertUnchangedSinceAsync(empty);

        await host.Admin.SetLimitsAsync(own, debitLimit: 20_000, creditLimit: 40_000, reason: "Known to the food co-op");
        var grant = Assert.Single((await host.Admin.GetFromJsonAsync<List<ChangeAccount.LimitChangeDto>>($"{Accounts}/{own}/limit-changes"))!);
        Assert.Equal((0L, 40_000L, 20_000L, 40_000L), (grant.PreviousDebitLimit, grant.PreviousCreditLimit, grant.DebitLimit, grant.CreditLimit));
        Assert.Equal((host.AdminUserId, "Known to the food co-op"), (grant.ChangedBy, grant.Reason));

        var accepted = await CreatedAsync(await member.PayAsync(own, shop.AccountId, 1, id)); // the refused request, again
        Assert.Equal(id, accepted.Transfers[0].Id);
        var after = await member.AccountAsync(own);
        Assert.Equal((-1L, 19_999L), (after.Balance, after.AvailableToSpend));
    }
}
