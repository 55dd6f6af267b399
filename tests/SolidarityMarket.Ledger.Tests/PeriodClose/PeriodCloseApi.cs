using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SolidarityMarket.Ledger.Features;
using SolidarityMarket.Ledger.Tests.Api;
using SolidarityMarket.Testing;

namespace SolidarityMarket.Ledger.Tests.PeriodClose;

/// <summary>HTTP helpers for period closes; amounts are credit hundredths.</summary>
public static class PeriodCloseApi
{
    public const string Closes = "/api/ledger/period-closes";

    public static Task<HttpResponseMessage> PreviewCloseAsync(this HttpClient admin, object body) => admin.PostAsJsonAsync(Closes, body);

    public static async Task<PeriodCloses.PeriodCloseDto> PreviewCloseOkAsync(this HttpClient admin, object body)
    {
        var response = await admin.PreviewCloseAsync(body);
        var close = await CloseAsync(response, HttpStatusCode.Created);
        Assert.Equal($"{Closes}/{close.Id}", response.Headers.Location?.OriginalString);
        return close;
    }

    public static Task<HttpResponseMessage> ApproveCloseAsync(this HttpClient admin, Guid close) => admin.PostAsync($"{Closes}/{close}/approve", null);

    public static Task<HttpResponseMessage> PostCloseAsync(this HttpClient admin, Guid close) => admin.PostAsync($"{Closes}/{close}/post", null);

    public static Task<HttpResponseMessage> AbandonCloseAsync(this HttpClient admin, Guid close, string? reason = null) =>
        admin.PostAsJsonAsync($"{Closes}/{close}/abandon", new { reason });

    public static async Task<PeriodCloses.PeriodCloseDto> GetCloseAsync(this HttpClient admin, Guid close) =>
        await CloseAsync(await admin.GetAsync($"{Closes}/{close}"), HttpStatusCode.OK);

    public static async Task<PeriodCloses.PeriodCloseDto> CloseAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
        return JsonSerializer.Deserialize<PeriodCloses.PeriodCloseDto>(text, JsonSerializerOptions.Web)!;
    }

    /// <summary>Previews, approves (by <paramref name="approver"/>) and posts a close: must post (200).</summary>
    public static async Task<PeriodCloses.PeriodCloseDto> CloseMonthAsync(this HttpClient admin, HttpClient approver, object body)
    {
        var close = await admin.PreviewCloseOkAsync(body);
        await CloseAsync(await approver.ApproveCloseAsync(close.Id), HttpStatusCode.OK);
        return await CloseAsync(await admin.PostCloseAsync(close.Id), HttpStatusCode.OK);
    }

    /// <summary>The items as (kind, account, amount, new debit limit, outcome), in a stable order for comparing.</summary>
    public static List<(string Kind, Guid Account, long Amount, long? NewDebitLimit, string Outcome)> Lines(this PeriodCloses.PeriodCloseDto close) =>
        close.Items!.Select(i => (i.Kind, i.AccountId, i.Amount, i.NewDebitLimit, i.Outcome)).OrderBy(i => i.AccountId).ThenBy(i => i.Kind, StringComparer.Ordinal).ToList();

    public static string Json(this PeriodCloses.PeriodCloseDto close) => JsonSerializer.Serialize(close);
}

/// <summary>
/// A ledger of its own per test on a fake clock starting 2026-03-01 (a close reads a whole exchange's month, so tests
/// cannot share one); closes moving more than 100 hundredths need a second administrator.
/// </summary>
public class PeriodCloseHost : FakeClockLedgerHost
{
    public const long SecondApprovalAbove = 100;

    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
        [new("Ledger:PeriodClose:SecondApprovalAbove", SecondApprovalAbove.ToString(CultureInfo.InvariantCulture))];

    public static async Task<T> StartAsync<T>()
        where T : PeriodCloseHost, new()
    {
        var host = new T();
        await host.InitializeAsync();
        return host;
    }
}

/// <summary>The same on a fresh PostgreSQL database (dropped at the end).</summary>
public sealed class PostgresPeriodCloseHost : PeriodCloseHost
{
    private string? _connection;

    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        .. base.Settings,
        new("Database:Provider", "Postgres"),
        new("Database:MigrateOnStartup", "true"),
        new("ConnectionStrings:Default", _connection),
    ];

    public override async ValueTask InitializeAsync()
    {
        _connection = await TestServers.RequirePostgresAsync("periodclose");
        await base.InitializeAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_connection is not null)
        {
            await TestServers.DropPostgresAsync(new Npgsql.NpgsqlConnectionStringBuilder(_connection).Database!);
        }
    }
}
