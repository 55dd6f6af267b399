using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SolidarityMarket.Ledger.Features;
using SolidarityMarket.Ledger.Tests.Api;
using SolidarityMarket.Ledger.Tests.PaymentRequests;
using static SolidarityMarket.Ledger.Tests.PaymentRequests.PaymentRequestApi;

namespace SolidarityMarket.Ledger.Tests.Clearing;

/// <summary>HTTP helpers for clearing runs and for building obligations; amounts are credit hundredths.</summary>
public static class ClearingApi
{
    public const string Runs = "/api/ledger/clearing-runs";

    /// <summary>The payee asks, the payer accepts to pay later: an obligation payer → payee.</summary>
    public static async Task<RequestView> OweAsync(this Member payer, Member payee, long amount)
    {
        var request = await payee.RequestAsync(payer, amount);
        return await ExpectAsync(await payer.Client.AcceptAsync(request.Id, payNow: false), HttpStatusCode.OK);
    }

    public static Task<HttpResponseMessage> PreviewAsync(this HttpClient admin, string? exchangeId) =>
        admin.PostAsJsonAsync(Runs, new { exchangeId });

    public static async Task<ClearingRuns.ClearingRunDto> PreviewOkAsync(this HttpClient admin, string exchangeId)
    {
        var response = await admin.PreviewAsync(exchangeId);
        var run = await RunAsync(response, HttpStatusCode.Created);
        Assert.Equal($"{Runs}/{run.Id}", response.Headers.Location?.OriginalString);
        return run;
    }

    public static Task<HttpResponseMessage> ApproveAsync(this HttpClient admin, Guid run) => admin.PostAsync($"{Runs}/{run}/approve", null);

    public static Task<HttpResponseMessage> PostRunAsync(this HttpClient admin, Guid run) => admin.PostAsync($"{Runs}/{run}/post", null);

    public static Task<HttpResponseMessage> AbandonAsync(this HttpClient admin, Guid run, string? reason = null) =>
        admin.PostAsJsonAsync($"{Runs}/{run}/abandon", new { reason });

    public static async Task<ClearingRuns.ClearingRunDto> GetRunAsync(this HttpClient admin, Guid run) =>
        await RunAsync(await admin.GetAsync($"{Runs}/{run}"), HttpStatusCode.OK);

    /// <summary>Asserts the status and returns the run in the body.</summary>
    public static async Task<ClearingRuns.ClearingRunDto> RunAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
        return JsonSerializer.Deserialize<ClearingRuns.ClearingRunDto>(text, JsonSerializerOptions.Web)!;
    }

    /// <summary>The whole run as JSON: records holding lists compare those by reference, their JSON by content.</summary>
    public static string Json(this ClearingRuns.ClearingRunDto run) => JsonSerializer.Serialize(run);

    /// <summary>The run's set-off per request.</summary>
    public static Dictionary<Guid, long> SetOffs(this ClearingRuns.ClearingRunDto run) => run.Lines!.ToDictionary(l => l.RequestId, l => l.SetOff);
}

/// <summary>
/// A ledger whose exchanges are the default food plus <c>c1</c>…<c>c12</c>: each test clears its own exchange, so
/// runs see only that test's obligations. Runs setting off more than 5,000 hundredths need a second administrator.
/// </summary>
public class ClearingHost : PaymentRequestHost
{
    public const long SecondApprovalAbove = 5_000;

    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
        Enumerable.Range(0, 13).Select(i => new KeyValuePair<string, string?>($"Ledger:Exchanges:{i}:Id", i == 0 ? "food" : $"c{i}"))
            .Append(new("Ledger:Clearing:SecondApprovalAbove", SecondApprovalAbove.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    /// <summary>The requests' rows as stored (amounts, statuses, versions): what posting must change and nothing else.</summary>
    public Task<Dictionary<Guid, (long Amount, long Cleared, string Status, long Version)>> RequestsAsync(IEnumerable<Guid> ids)
    {
        var wanted = ids.ToList();
        return WithDbAsync(async db => (await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(
                db.PaymentRequests.Where(r => wanted.Contains(r.Id))))
            .ToDictionary(r => r.Id, r => (r.Amount, r.ClearedAmount, r.Status.ToString(), r.Version)));
    }
}
