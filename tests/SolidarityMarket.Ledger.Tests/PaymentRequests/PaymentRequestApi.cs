using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SolidarityMarket.Ledger.Data;
using SolidarityMarket.Ledger.Tests.Api;

namespace SolidarityMarket.Ledger.Tests.PaymentRequests;

/// <summary>A payment request as the API returns it.</summary>
public sealed record RequestView(
    Guid Id, Guid PayeeAccountId, Guid PayerAccountId, long Amount, string Memo, DateOnly DueDate, string Status,
    DateTimeOffset CreatedAt, DateTimeOffset? AcceptedAt, DateTimeOffset? PaidAt, Guid? TransferId,
    DateTimeOffset? ClosedAt, string? CloseReason, bool PaymentInProgress, long ClearedAmount, long Outstanding);

public sealed record RequestPage(int PageNumber, int PageSize, int Total, List<RequestView> Items);

public sealed record ObligationView(
    Guid RequestId, Guid PayerAccountId, string PayerExchangeId, Guid PayeeAccountId, string PayeeExchangeId,
    long Amount, DateOnly DueDate, DateTimeOffset? AcceptedAt, bool PaymentInProgress, long ClearedAmount, long Outstanding);

/// <summary>HTTP helpers for the payment-request endpoints; amounts are credit hundredths.</summary>
public static class PaymentRequestApi
{
    public const string Requests = "/api/ledger/payment-requests";
    public const string Accounts = "/api/ledger/accounts";

    /// <summary>A due date comfortably in the future.</summary>
    public static DateOnly Due => DateOnly.FromDateTime(DateTime.UtcNow).AddDays(30);

    /// <summary>Two days ago in UTC: in the past everywhere on Earth.</summary>
    public static DateOnly Past => DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-2);

    public static Task<HttpResponseMessage> CreateAsync(
        this HttpClient client, Guid id, Guid payee, Guid payer, long amount, string? memo = "Bread for March", DateOnly? dueDate = null) =>
        client.PostAsJsonAsync(Requests, new { id, payeeAccountId = payee, payerAccountId = payer, amount, memo, dueDate = dueDate ?? Due });

    /// <summary>The payee asks the payer for <paramref name="amount"/>; must be created (201).</summary>
    public static async Task<RequestView> RequestAsync(this Member payee, Member payer, long amount, string memo = "Bread for March", DateOnly? dueDate = null)
    {
        var id = Guid.CreateVersion7();
        var response = await payee.Client.CreateAsync(id, payee.AccountId, payer.AccountId, amount, memo, dueDate);
        var view = await ExpectAsync(response, HttpStatusCode.Created);
        Assert.Equal($"/api/ledger/payment-requests/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal(("Open", id), (view.Status, view.Id));
        return view;
    }

    public static Task<HttpResponseMessage> GetRequestAsync(this HttpClient client, Guid id) => client.GetAsync($"{Requests}/{id}");

    public static async Task<RequestView> ViewAsync(this HttpClient client, Guid id) => await ExpectAsync(await client.GetRequestAsync(id), HttpStatusCode.OK);

    public static Task<HttpResponseMessage> AcceptAsync(this HttpClient client, Guid id, bool? payNow) =>
        client.PostAsJsonAsync($"{Requests}/{id}/accept", new { payNow });

    public static Task<HttpResponseMessage> PayRequestAsync(this HttpClient client, Guid id) => client.PostAsync($"{Requests}/{id}/pay", null);

    public static Task<HttpResponseMessage> DeclineAsync(this HttpClient client, Guid id, string? reason = null) =>
        client.PostAsJsonAsync($"{Requests}/{id}/decline", new { reason });

    public static Task<HttpResponseMessage> CancelAsync(this HttpClient client, Guid id, string? reason = null) =>
        client.PostAsJsonAsync($"{Requests}/{id}/cancel", new { reason });

    public static async Task<RequestPage> ListAsync(this HttpClient client, string query = "")
    {
        var response = await client.GetAsync($"{Requests}{query}");
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<RequestPage>())!;
    }

    public static async Task<List<ObligationView>> ObligationsAsync(this HttpClient admin)
    {
        var response = await admin.GetAsync("/api/ledger/obligations");
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<List<ObligationView>>())!;
    }

    /// <summary>Pays <paramref name="amount"/> as a plain trade (POST /api/ledger/transfers).</summary>
    public static Task<HttpResponseMessage> TradeAsync(this HttpClient client, Guid id, Guid from, Guid to, long amount, string? memo = null) =>
        client.PostAsJsonAsync("/api/ledger/transfers", new { id, debitAccountId = from, creditAccountId = to, amount, memo });

    public static Guid PaymentTradeId(Guid requestId) => PaymentRequest.PaymentTradeIdFor(requestId);

    /// <summary>Asserts the status and returns the request in the body.</summary>
    public static async Task<RequestView> ExpectAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
        return JsonSerializer.Deserialize<RequestView>(text, JsonSerializerOptions.Web)!;
    }

    public static async Task ExpectStatusAsync(Task<HttpResponseMessage> call, HttpStatusCode status)
    {
        var response = await call;
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>
    /// Asserts a ProblemDetails: the status, <c>application/problem+json</c>, and when given the type
    /// <c>https://solidarity.market/problems/{type}</c> and/or an error on <paramref name="field"/> (validation).
    /// </summary>
    public static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string? type = null, string? field = null)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(text).RootElement.Clone();
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        if (type is not null)
        {
            Assert.Equal("https://solidarity.market/problems/" + type, problem.GetProperty("type").GetString());
        }

        if (field is not null)
        {
            Assert.True(problem.TryGetProperty("errors", out var errors) && errors.TryGetProperty(field, out _), $"expected an error on '{field}': {text}");
        }

        return problem;
    }
}
