using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SolidarityMarket.Ledger.Features;
using SolidarityMarket.ServiceDefaults.Auth;

namespace SolidarityMarket.Ledger.Tests.Api;

/// <summary>A signed-in member and one account they hold.</summary>
public sealed record Member(HttpClient Client, string UserId, Guid AccountId);

/// <summary>HTTP helpers for the ledger API; amounts are credit hundredths.</summary>
public static class LedgerApi
{
    public const string Accounts = "/api/ledger/accounts";
    public const string Transfers = "/api/ledger/transfers";

    /// <summary>
    /// A new member who opened their own account in <paramref name="exchange"/> (debit limit 0), which an
    /// administrator then gave exactly these limits (audited), as a member needs before spending below zero.
    /// </summary>
    public static async Task<Member> NewMemberAsync(this LedgerHost host, string exchange = "food", long debitLimit = 20_000, long creditLimit = 40_000)
    {
        var (client, userId) = await host.SignInAsNewUserAsync(Roles.Member);
        var account = await client.OpenOwnAccountAsync(exchange);
        if (account.DebitLimit != debitLimit || account.CreditLimit != creditLimit)
        {
            await host.Admin.SetLimitsAsync(account.Id, debitLimit, creditLimit);
        }

        return new Member(client, userId, account.Id);
    }

    public static async Task<AccountDto> OpenOwnAccountAsync(this HttpClient client, string exchange)
    {
        var response = await client.PostAsJsonAsync(Accounts, new { exchangeId = exchange });
        Assert.True(response.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<AccountDto>())!;
    }

    public static async Task SetLimitsAsync(this HttpClient admin, Guid account, long debitLimit, long creditLimit, string reason = "test set-up")
    {
        var response = await admin.PutAsJsonAsync($"{Accounts}/{account}/limits", new { debitLimit, creditLimit, reason });
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    public static async Task<AccountDto> AccountAsync(this HttpClient client, Guid account)
    {
        var response = await client.GetAsync($"{Accounts}/{account}");
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET account {account}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<AccountDto>())!;
    }

    public static async Task<long> BalanceAsync(this HttpClient client, Guid account) => (await client.AccountAsync(account)).Balance;

    public static async Task<TransferDto> TransferAsync(this HttpClient client, Guid transfer)
    {
        var response = await client.GetAsync($"{Transfers}/{transfer}");
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET transfer {transfer}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<TransferDto>())!;
    }

    /// <summary>Submits a trade (or a hold with <paramref name="hold"/>) and returns the raw response.</summary>
    public static Task<HttpResponseMessage> PayAsync(
        this HttpClient client, Guid from, Guid to, long amount, Guid? id = null, bool hold = false, long? holdTimeoutSeconds = null, string? memo = null, string? code = null) =>
        client.PostAsJsonAsync(Transfers, new
        {
            id = id ?? Guid.NewGuid(),
            debitAccountId = from,
            creditAccountId = to,
            amount,
            memo,
            code,
            hold,
            holdTimeoutSeconds,
        });

    /// <summary>Submits a trade that must be accepted as new (201) and returns what it created.</summary>
    public static async Task<TransferResultDto> PayOkAsync(
        this HttpClient client, Guid from, Guid to, long amount, Guid? id = null, bool hold = false, long? holdTimeoutSeconds = null, string? memo = null) =>
        await CreatedAsync(await client.PayAsync(from, to, amount, id, hold, holdTimeoutSeconds, memo));

    public static async Task<TransferResultDto> CreatedAsync(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"expected 201, got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        var body = (await response.Content.ReadFromJsonAsync<TransferResultDto>())!;
        Assert.False(body.Replay);
        return body;
    }

    public static Task<HttpResponseMessage> PostHoldAsync(this HttpClient client, Guid hold, long? amount = null) =>
        client.PostAsJsonAsync($"{Transfers}/{hold}/post", new { amount });

    public static Task<HttpResponseMessage> VoidHoldAsync(this HttpClient client, Guid hold) =>
        client.PostAsync($"{Transfers}/{hold}/void", null);

    public static Task<HttpResponseMessage> ReverseAsync(this HttpClient client, Guid transfer, string? memo = null) =>
        client.PostAsJsonAsync($"{Transfers}/{transfer}/reverse", new { memo });

    /// <summary>
    /// Asserts a ProblemDetails response: the status, <c>application/problem+json</c>, and — for a ledger refusal —
    /// the type <c>https://solidarity.market/problems/{reason}</c> and the <c>reason</c> extension.
    /// </summary>
    public static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string? reason = null)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(text).RootElement.Clone();
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        if (reason is not null)
        {
            Assert.Equal("https://solidarity.market/problems/" + reason, problem.GetProperty("type").GetString());
            Assert.Equal(reason, Kebab(problem.GetProperty("reason").GetString()!));
        }

        return problem;
    }

    /// <summary>Every exchange's balances add up to 0, and its pending debits equal its pending credits.</summary>
    public static async Task AssertEveryExchangeZeroSumAsync(this HttpClient admin)
    {
        var accounts = (await admin.GetFromJsonAsync<List<AccountDto>>(Accounts))!;
        Assert.True(accounts.Count < 500, "the listing is capped at 500 accounts; the sums would be incomplete");
        foreach (var exchange in accounts.GroupBy(a => a.ExchangeId))
        {
            Assert.True(exchange.Sum(a => a.Balance) == 0, $"exchange {exchange.Key} sums to {exchange.Sum(a => a.Balance)}");
            Assert.Equal(exchange.Sum(a => a.PendingDebits), exchange.Sum(a => a.PendingCredits));
        }
    }

    private static string Kebab(string pascal) =>
        string.Concat(pascal.Select((c, i) => char.IsUpper(c) ? (i > 0 ? "-" : "") + char.ToLowerInvariant(c) : c.ToString()));
}
