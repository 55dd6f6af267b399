using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using SolidarityMarket.Ledger.Features;
using SolidarityMarket.ServiceDefaults.Auth;
using static SolidarityMarket.Ledger.Tests.Api.LedgerApi;

namespace SolidarityMarket.Ledger.Tests.Api;

/// <summary>Opening and reading accounts: who may open what, and who may see it.</summary>
public sealed class AccountTests(LedgerHost host) : IClassFixture<LedgerHost>
{
    [Fact]
    public async Task A_member_opens_their_own_account_once_and_gets_the_same_one_again()
    {
        var (member, _) = await host.SignInAsNewUserAsync(Roles.Member);

        var first = await member.PostAsJsonAsync(Accounts, new { exchangeId = "food", name = "My pantry" });
        var again = await member.PostAsJsonAsync(Accounts, new { exchangeId = "food" });

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var opened = (await first.Content.ReadFromJsonAsync<AccountDto>())!;
        var existing = (await again.Content.ReadFromJsonAsync<AccountDto>())!;
        Assert.Equal(opened.Id, existing.Id);
        Assert.Equal($"/api/ledger/accounts/{opened.Id}", first.Headers.Location?.OriginalString);
        Assert.Equal(("Member", "food", "My pantry", "Active"), (opened.Kind, opened.ExchangeId, opened.Name, opened.Status));
        Assert.Equal((0L, 0L, 0L), (opened.Balance, opened.PendingDebits, opened.PendingCredits));
        Assert.Equal((0L, 40_000L, 0L), (opened.DebitLimit, opened.CreditLimit, opened.AvailableToSpend)); // Individual credit limit, no debit limit
        Assert.Equal(opened, await member.AccountAsync(opened.Id));
    }

    [Fact]
    public async Task A_member_may_hold_one_account_per_exchange()
    {
        var (member, _) = await host.SignInAsNewUserAsync(Roles.Member);

        var food = await member.OpenOwnAccountAsync("food");
        var care = await member.OpenOwnAccountAsync("care");

        Assert.NotEqual(food.Id, care.Id);
        Assert.Equal(food.OwnerId, care.OwnerId);
        var mine = (await member.GetFromJsonAsync<List<AccountDto>>(Accounts))!;
        Assert.Equal(new[] { care.Id, food.Id }, mine.Select(a => a.Id)); // ordered by exchange
    }

    [Fact]
    public async Task A_member_cannot_open_an_account_for_another_owner_or_category()
    {
        var (member, _) = await host.SignInAsNewUserAsync(Roles.Member);
        var before = await host.SnapshotAsync();

        var forOther = await member.PostAsJsonAsync(Accounts, new { exchangeId = "food", ownerId = Guid.NewGuid() });
        var withCategory = await member.PostAsJsonAsync(Accounts, new { exchangeId = "food", category = "SolidarityEconomyInitiative" });
        var withHolders = await member.PostAsJsonAsync(Accounts, new { exchangeId = "food", holderUserIds = new[] { "someone" } });

        await AssertProblemAsync(forOther, HttpStatusCode.Forbidden);
        await AssertProblemAsync(withCategory, HttpStatusCode.Forbidden);
        await AssertProblemAsync(withHolders, HttpStatusCode.Forbidden);
        await host.AssertUnchangedSinceAsync(before);
    }

    [Fact]
    public async Task An_administrator_opens_an_account_for_an_owner_with_named_holders_and_category_limits()
    {
        var (staff1, staff1Id) = await host.SignInAsNewUserAsync(Roles.Member);
        var (staff2, staff2Id) = await host.SignInAsNewUserAsync(Roles.Member);
        var (outsider, _) = await host.SignInAsNewUserAsync(Roles.Member);
        var coop = Guid.NewGuid();

        var response = await host.Admin.PostAsJsonAsync(Accounts, new
        {
            exchangeId = "housing",
            name = "Housing co-op",
            ownerId = coop,
            category = "SolidarityEconomyInitiative",
            holderUserIds = new[] { staff1Id, staff2Id },
        });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var account = (await response.Content.ReadFromJsonAsync<AccountDto>())!;
        Assert.Equal((coop, "housing", "Housing co-op"), (account.OwnerId, account.ExchangeId, account.Name));
        Assert.Equal((100_000L, 200_000L), (account.DebitLimit, account.CreditLimit));
        Assert.Equal(account.Id, (await staff1.AccountAsync(account.Id)).Id);
        Assert.Equal(account.Id, (await staff2.AccountAsync(account.Id)).Id);
        await AssertProblemAsync(await outsider.GetAsync($"{Accounts}/{account.Id}"), HttpStatusCode.NotFound);

        var again = await host.Admin.PostAsJsonAsync(Accounts, new { exchangeId = "housing", ownerId = coop });
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(account.Id, (await again.Content.ReadFromJsonAsync<AccountDto>())!.Id);
        var listed = (await host.Admin.GetFromJsonAsync<List<AccountDto>>($"{Accounts}?ownerId={coop}"))!;
        Assert.Equal(account.Id, Assert.Single(listed).Id);
    }

    [Fact]
    public async Task Holders_named_twice_in_other_case_or_with_spaces_are_one_holder_and_at_most_a_hundred_are_named()
    {
        var (staff, staffId) = await host.SignInAsNewUserAsync(Roles.Member);
        var coop = Guid.NewGuid();

        // On SQL Server the holder key ignores case and trailing spaces: these three were one key, and the insert failed.
        var response = await host.Admin.PostAsJsonAsync(Accounts, new
        {
            exchangeId = "care", ownerId = coop, holderUserIds = new[] { staffId, staffId.ToUpperInvariant(), $" {staffId} " },
        });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var account = (await response.Content.ReadFromJsonAsync<AccountDto>())!;
        Assert.Equal([staffId], await host.WithDbAsync(db => db.Accounts.Where(a => a.Id == account.Id).SelectMany(a => a.Holders).Select(h => h.UserId).ToListAsync()));
        Assert.Equal(account.Id, (await staff.AccountAsync(account.Id)).Id);

        var before = await host.SnapshotAsync();
        var crowd = await host.Admin.PostAsJsonAsync(Accounts, new
        {
            exchangeId = "care", ownerId = Guid.NewGuid(), holderUserIds = Enumerable.Range(0, OpenAccount.MaxHolders + 1).Select(i => $"user-{i}").ToArray(),
        });
        await AssertProblemAsync(crowd, HttpStatusCode.BadRequest);
        await host.AssertUnchangedSinceAsync(before);
    }

    [Fact]
    public async Task An_administrator_asking_for_the_accounts_held_sees_only_their_own_as_a_member_does()
    {
        var member = await host.NewMemberAsync();

        var all = (await host.Admin.GetFromJsonAsync<List<AccountDto>>(Accounts))!;
        var held = (await host.Admin.GetFromJsonAsync<List<AccountDto>>($"{Accounts}?held=true"))!;
        var membersOwn = (await member.Client.GetFromJsonAsync<List<AccountDto>>($"{Accounts}?held=true"))!;

        Assert.Contains(all, a => a.Id == member.AccountId);
        Assert.DoesNotContain(held, a => a.Id == member.AccountId);
        Assert.Equal(member.AccountId, Assert.Single(membersOwn).Id);
    }

    [Fact]
    public async Task An_administrator_must_name_the_owner()
    {
        var before = await host.SnapshotAsync();

        var response = await host.Admin.PostAsJsonAsync(Accounts, new { exchangeId = "food" });

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("ownerId", out _));
        await host.AssertUnchangedSinceAsync(before);
    }

    [Fact]
    public async Task Someone_who_does_not_hold_an_account_gets_404_as_if_it_did_not_exist_and_the_refusal_is_logged()
    {
        var owner = await host.NewMemberAsync();
        var (stranger, strangerId) = await host.SignInAsNewUserAsync(Roles.Member);

        var response = await stranger.GetAsync($"{Accounts}/{owner.AccountId}");
        var missing = await stranger.GetAsync($"{Accounts}/{Guid.NewGuid()}");

        await AssertProblemAsync(response, HttpStatusCode.NotFound);
        await AssertProblemAsync(missing, HttpStatusCode.NotFound);
        Assert.Contains(host.Logs.Entries, e => e.Message.Contains(strangerId, StringComparison.Ordinal) && e.Message.Contains(owner.AccountId.ToString(), StringComparison.Ordinal));
        Assert.DoesNotContain(owner.AccountId, (await stranger.GetFromJsonAsync<List<AccountDto>>(Accounts))!.Select(a => a.Id));
        var statement = await stranger.GetAsync($"{Accounts}/{owner.AccountId}/statement");
        await AssertProblemAsync(statement, HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("fish")]
    [InlineData("")]
    [InlineData("FOOD")]
    [InlineData(null)]
    public async Task An_unknown_exchange_is_400_and_opens_nothing(string? exchange)
    {
        var (member, _) = await host.SignInAsNewUserAsync(Roles.Member);
        var before = await host.SnapshotAsync();

        var response = await member.PostAsJsonAsync(Accounts, new { exchangeId = exchange });

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("exchangeId", out _));
        await host.AssertUnchangedSinceAsync(before);
    }

    [Fact]
    public async Task Anonymous_callers_get_401()
    {
        var response = await host.Factory.CreateClient().PostAsJsonAsync(Accounts, new { exchangeId = "food" });

        await AssertProblemAsync(response, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_member_lists_the_exchanges_they_can_open_an_account_in_and_nobody_else_does()
    {
        var (member, _) = await host.SignInAsNewUserAsync(Roles.Member);

        var exchanges = await member.GetFromJsonAsync<List<ExchangeDto>>("/api/ledger/exchanges");

        Assert.Equal(
            [new("care", "Care", "credits", 0), new("food", "Food", "credits", 0), new("housing", "Housing", "credits", 0),
             new("manufacturing", "Manufacturing", "credits", 0), new("services", "Services", "credits", 0)],
            exchanges!);
        await AssertProblemAsync(await host.Factory.CreateClient().GetAsync("/api/ledger/exchanges"), HttpStatusCode.Unauthorized);
    }
}
