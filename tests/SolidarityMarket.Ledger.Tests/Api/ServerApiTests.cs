using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SolidarityMarket.Ledger.Data;
using SolidarityMarket.Ledger.Features;
using SolidarityMarket.Ledger.Tests.Posting;
using SolidarityMarket.ServiceDefaults.Auth;
using SolidarityMarket.Testing;
using static SolidarityMarket.Ledger.Tests.Api.LedgerApi;

namespace SolidarityMarket.Ledger.Tests.Api;

/// <summary>
/// Bad input through the API on both providers the tests run: what SQLite takes in its stride (a NUL in text, a
/// negative OFFSET) PostgreSQL refuses, and such a refusal must be a 4xx from the API, not a 500 from the database.
/// </summary>
[Collection(AloneCollection.Name)]
public sealed class ServerApiTests(SqlBatchWriterTests.Hosts hosts) : IClassFixture<SqlBatchWriterTests.Hosts>
{
    public static TheoryData<string> Providers => ["Sqlite", "Postgres"];

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_page_far_past_the_end_is_an_empty_page_not_an_overflowed_offset(string provider)
    {
        var factory = await hosts.GetAsync(provider);
        var (payer, _) = await MarketplaceFactory.SignInAsNewUserAsync(factory, Roles.Member);
        var (payee, _) = await MarketplaceFactory.SignInAsNewUserAsync(factory, Roles.Member);
        var (admin, _) = await MarketplaceFactory.SignInAsNewUserAsync(factory, Roles.Admin);
        var from = await payer.OpenOwnAccountAsync("food");
        var to = await payee.OpenOwnAccountAsync("food");
        await admin.SetLimitsAsync(from.Id, debitLimit: 20_000, creditLimit: 40_000); // a member's own account opens with debit limit 0
        await payer.PayOkAsync(from.Id, to.Id, 100);

        var statement = await payer.GetAsync($"{Accounts}/{from.Id}/statement?page={int.MaxValue}&pageSize=100");
        var requests = await payer.GetAsync($"/api/ledger/payment-requests?page={int.MaxValue}&pageSize=200");

        Assert.True(statement.StatusCode == HttpStatusCode.OK, await statement.Content.ReadAsStringAsync());
        var body = (await statement.Content.ReadFromJsonAsync<AccountStatement.Statement>())!;
        Assert.Equal((1, 0, -100L, -100L), (body.Total, body.Lines.Count, body.OpeningBalance, body.ClosingBalance));
        Assert.True(requests.StatusCode == HttpStatusCode.OK, await requests.Content.ReadAsStringAsync());
        Assert.Empty((await requests.Content.ReadFromJsonAsync<PaymentRequestsList.Page>())!.Items);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Unstorable_text_in_a_limit_reason_account_name_or_holder_id_is_a_400_and_nothing_changes(string provider)
    {
        var factory = await hosts.GetAsync(provider);
        var (admin, _) = await MarketplaceFactory.SignInAsNewUserAsync(factory, Roles.Admin);
        var (member, _) = await MarketplaceFactory.SignInAsNewUserAsync(factory, Roles.Member);
        var account = await member.OpenOwnAccountAsync("food");
        var accountsBefore = await CountAccountsAsync(factory);

        var reason = await admin.PutAsJsonAsync($"{Accounts}/{account.Id}/limits", new { debitLimit = 1, creditLimit = 2, reason = "raise\u0000" });
        var name = await member.PostAsJsonAsync(Accounts, new { exchangeId = "housing", name = "home\u0000" });
        var holder = await admin.PostAsJsonAsync(Accounts, new { exchangeId = "food", ownerId = Guid.NewGuid(), holderUserIds = new[] { new string('u', 65) } });
        var nulHolder = await admin.PostAsJsonAsync(Accounts, new { exchangeId = "food", ownerId = Guid.NewGuid(), holderUserIds = new[] { "user\u0000" } });

        Assert.Equal("reason", Field(await AssertProblemAsync(reason, HttpStatusCode.BadRequest)));
        Assert.Equal("name", Field(await AssertProblemAsync(name, HttpStatusCode.BadRequest)));
        Assert.Equal("holderUserIds", Field(await AssertProblemAsync(holder, HttpStatusCode.BadRequest)));
        Assert.Equal("holderUserIds", Field(await AssertProblemAsync(nulHolder, HttpStatusCode.BadRequest)));
        var after = await admin.AccountAsync(account.Id);
        Assert.Equal((account.DebitLimit, account.CreditLimit), (after.DebitLimit, after.CreditLimit));
        Assert.Equal(accountsBefore, await CountAccountsAsync(factory));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task An_exchanges_clearing_operating_or_reserve_account_cannot_be_closed(string provider)
    {
        var factory = await hosts.GetAsync(provider);
        var (admin, _) = await MarketplaceFactory.SignInAsNewUserAsync(factory, Roles.Admin);
        await using var scope = factory.Services.CreateAsyncScope();
        var food = await scope.ServiceProvider.GetRequiredService<LedgerDbContext>().Exchanges.AsNoTracking().SingleAsync(x => x.Id == "food");

        foreach (var system in new[] { food.ClearingAccountId, food.OperatingAccountId, food.ReserveAccountId })
        {
            var closed = await admin.PostAsJsonAsync($"{Accounts}/{system}/close", new { reason = "test" });

            await AssertProblemAsync(closed, HttpStatusCode.UnprocessableEntity, "system-account-cannot-be-closed");
            Assert.Equal("Active", (await admin.AccountAsync(system)).Status);
        }
    }

    private static string Field(JsonElement problem) => Assert.Single(problem.GetProperty("errors").EnumerateObject()).Name;

    private static async Task<int> CountAccountsAsync(MarketplaceFactory factory)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<LedgerDbContext>().Accounts.CountAsync();
    }
}
