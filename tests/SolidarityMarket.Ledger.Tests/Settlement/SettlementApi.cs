using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SolidarityMarket.Ledger.Features;
using SolidarityMarket.Ledger.Tests.Api;

namespace SolidarityMarket.Ledger.Tests.Settlement;

/// <summary>HTTP helpers for exchange positions and settlement runs; amounts are credit hundredths.</summary>
public static class SettlementApi
{
    public const string Runs = "/api/ledger/settlement-runs";
    public const string Positions = "/api/ledger/exchange-positions";

    public static async Task<ExchangePositions.Report> PositionsAsync(this HttpClient admin)
    {
        var response = await admin.GetAsync(Positions);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<ExchangePositions.Report>())!;
    }

    /// <summary>Each exchange's position by id.</summary>
    public static async Task<Dictionary<string, long>> PositionByExchangeAsync(this HttpClient admin) =>
        (await admin.PositionsAsync()).Exchanges.ToDictionary(p => p.ExchangeId, p => p.Position);

    public static Task<HttpResponseMessage> PreviewSettlementAsync(this HttpClient admin, string? reference) =>
        admin.PostAsJsonAsync(Runs, new { reference });

    public static async Task<SettlementRuns.SettlementRunDto> PreviewSettlementOkAsync(this HttpClient admin, string reference)
    {
        var response = await admin.PreviewSettlementAsync(reference);
        var run = await RunAsync(response, HttpStatusCode.Created);
        Assert.Equal($"{Runs}/{run.Id}", response.Headers.Location?.OriginalString);
        return run;
    }

    public static Task<HttpResponseMessage> ApproveSettlementAsync(this HttpClient admin, Guid run) => admin.PostAsync($"{Runs}/{run}/approve", null);

    public static Task<HttpResponseMessage> PostSettlementAsync(this HttpClient admin, Guid run) => admin.PostAsync($"{Runs}/{run}/post", null);

    public static Task<HttpResponseMessage> AbandonSettlementAsync(this HttpClient admin, Guid run, string? reason = null) =>
        admin.PostAsJsonAsync($"{Runs}/{run}/abandon", new { reason });

    public static async Task<SettlementRuns.SettlementRunDto> GetSettlementAsync(this HttpClient admin, Guid run) =>
        await RunAsync(await admin.GetAsync($"{Runs}/{run}"), HttpStatusCode.OK);

    public static async Task<SettlementRuns.SettlementRunDto> RunAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
        return JsonSerializer.Deserialize<SettlementRuns.SettlementRunDto>(text, JsonSerializerOptions.Web)!;
    }

    /// <summary>The whole run as JSON: records holding lists compare those by reference, their JSON by content.</summary>
    public static string Json(this SettlementRuns.SettlementRunDto run) => JsonSerializer.Serialize(run);

    /// <summary>Previews, approves and posts a run: must post (200).</summary>
    public static async Task<SettlementRuns.SettlementRunDto> SettleAsync(this HttpClient admin, string reference)
    {
        var run = await admin.PreviewSettlementOkAsync(reference);
        await RunAsync(await admin.ApproveSettlementAsync(run.Id), HttpStatusCode.OK);
        return await RunAsync(await admin.PostSettlementAsync(run.Id), HttpStatusCode.OK);
    }

    public static Task<long> JournalSizeAsync(this LedgerHost host) => host.WithDbAsync(db => db.Journal.LongCountAsync());
}

/// <summary>
/// A ledger of its own per test (the positions are the whole network's, so tests cannot share one), with the default
/// exchanges; runs settling more than 100,000 hundredths need a second administrator.
/// </summary>
public sealed class SettlementHost : LedgerHost
{
    public const long SecondApprovalAbove = 100_000;

    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
        [new("Ledger:Settlement:SecondApprovalAbove", SecondApprovalAbove.ToString(System.Globalization.CultureInfo.InvariantCulture))];

    public static async Task<SettlementHost> StartAsync()
    {
        var host = new SettlementHost();
        await host.InitializeAsync();
        return host;
    }
}
