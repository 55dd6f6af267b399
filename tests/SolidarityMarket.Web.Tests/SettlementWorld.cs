using System.Net.Http.Json;
using System.Text.Json;
using SolidarityMarket.Testing;

namespace SolidarityMarket.Web.Tests;

/// <summary>
/// A marketplace of its own for the settlement pages: the exchange positions are the whole network's, so a shared world
/// where other tests trade across sectors would move them under a run (which the ledger then calls stale). The test
/// class's tests run one after another, so only they trade here. A run settling more than 150.00 credits needs a
/// second administrator (members may go 200.00 below zero, so one trade can cross it).
/// </summary>
public sealed class SettlementWorld() : MarketWorld(new()
{
    ["Ledger:Settlement:SecondApprovalAbove"] = SecondApprovalAbove.ToString(System.Globalization.CultureInfo.InvariantCulture),
})
{
    public const long SecondApprovalAbove = 15_000;

    protected override bool SeedsListings => false;

    /// <summary>
    /// A member in "food" pays a member in "housing" <paramref name="amount"/> hundredths through the API: food's
    /// position grows by it, housing's falls by it.
    /// </summary>
    public async Task TradeAcrossSectorsAsync(long amount)
    {
        var payer = await NewMemberAsync("food");
        var payee = await NewMemberAsync("housing");
        using var api = await Factory.SignInAsync(payer.Email, MarketplaceFactory.Password);
        var paid = await api.PostAsJsonAsync("/api/ledger/transfers", new
        {
            id = Guid.NewGuid(), debitAccountId = payer.AccountId, creditAccountId = payee.AccountId, amount, memo = "Across sectors",
        });
        Assert.True(paid.IsSuccessStatusCode, $"trade: {(int)paid.StatusCode} {await paid.Content.ReadAsStringAsync()}");
    }

    /// <summary>
    /// Settles whatever earlier tests left (a run they abandoned, or one a failing test left unposted) through the API,
    /// approved by a second administrator, so a test that needs its run below the threshold starts from zero positions.
    /// </summary>
    public async Task SettleEverythingAsync()
    {
        using var admin = await AdminAsync();
        var (second, _) = await Factory.CreateUserAsync("Admin");
        using var approver = await Factory.SignInAsync(second, MarketplaceFactory.Password);
        var previewed = await admin.PostAsJsonAsync("/api/ledger/settlement-runs", new { reference = "Clean slate" });
        Assert.True(previewed.IsSuccessStatusCode, $"preview: {(int)previewed.StatusCode} {await previewed.Content.ReadAsStringAsync()}");
        var id = JsonDocument.Parse(await previewed.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetGuid();
        foreach (var step in (string[])["approve", "post"])
        {
            var done = await approver.PostAsync(new Uri($"/api/ledger/settlement-runs/{id}/{step}", UriKind.Relative), null);
            Assert.True(done.IsSuccessStatusCode, $"{step}: {(int)done.StatusCode} {await done.Content.ReadAsStringAsync()}");
        }

        Assert.All(await PositionsAsync(), p => Assert.Equal(0, p.Value));
    }

    /// <summary>Each exchange's position as the ledger has it now.</summary>
    public async Task<Dictionary<string, long>> PositionsAsync()
    {
        var report = await GetAsync("/api/ledger/exchange-positions");
        return report.GetProperty("exchanges").EnumerateArray()
            .ToDictionary(p => p.GetProperty("exchangeId").GetString()!, p => p.GetProperty("position").GetInt64());
    }

    /// <summary>A settlement run with its rows, as the ledger has it.</summary>
    public Task<JsonElement> RunAsync(Guid id) => GetAsync($"/api/ledger/settlement-runs/{id}");

    /// <summary>How many settlement (or clearing) runs the ledger holds.</summary>
    public async Task<int> RunCountAsync(string runs = "settlement-runs") => (await GetAsync($"/api/ledger/{runs}?pageSize=1")).GetProperty("total").GetInt32();

    /// <summary>
    /// An obligation for the clearing pages: <paramref name="payee"/> asks <paramref name="payer"/> for
    /// <paramref name="amount"/> and the payer accepts to pay later (an accepted, unpaid payment request); its id.
    /// </summary>
    public async Task<Guid> OweAsync(Member payer, Member payee, long amount)
    {
        var id = Guid.NewGuid();
        using var asking = await Factory.SignInAsync(payee.Email, MarketplaceFactory.Password);
        var asked = await asking.PostAsJsonAsync("/api/ledger/payment-requests", new
        {
            id, payeeAccountId = payee.AccountId, payerAccountId = payer.AccountId, amount, memo = "Owed", dueDate = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(14)),
        });
        Assert.True(asked.IsSuccessStatusCode, $"ask: {(int)asked.StatusCode} {await asked.Content.ReadAsStringAsync()}");
        using var paying = await Factory.SignInAsync(payer.Email, MarketplaceFactory.Password);
        var accepted = await paying.PostAsJsonAsync($"/api/ledger/payment-requests/{id}/accept", new { payNow = false });
        Assert.True(accepted.IsSuccessStatusCode, $"accept: {(int)accepted.StatusCode} {await accepted.Content.ReadAsStringAsync()}");
        return id;
    }

    /// <summary>Any Ledger API resource as the administrator reads it.</summary>
    public async Task<JsonElement> GetAsync(string path)
    {
        using var admin = await AdminAsync();
        using var json = JsonDocument.Parse(await admin.GetStringAsync(new Uri(path, UriKind.Relative)));
        return json.RootElement.Clone();
    }
}
