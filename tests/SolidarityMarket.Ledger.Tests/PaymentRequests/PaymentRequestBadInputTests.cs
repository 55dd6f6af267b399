using System.Net;
using System.Net.Http.Json;
using System.Text;
using SolidarityMarket.Ledger.Tests.Api;
using static SolidarityMarket.Ledger.Tests.PaymentRequests.PaymentRequestApi;

namespace SolidarityMarket.Ledger.Tests.PaymentRequests;

/// <summary>Bad requests are refused with a ProblemDetails (400/404/422) and store nothing.</summary>
public sealed class PaymentRequestBadInputTests(PaymentRequestHost host) : IClassFixture<PaymentRequestHost>
{
    private async Task RefusedAsync(Func<Guid, Task<HttpResponseMessage>> call, HttpStatusCode status, string? type = null, string? field = null)
    {
        var id = Guid.CreateVersion7();
        var before = await host.SnapshotAsync();

        await AssertProblemAsync(await call(id), status, type, field);

        Assert.Equal(0, await host.CountRequestsAsync(id));
        await host.AssertUnchangedSinceAsync(before);
    }

    [Fact]
    public async Task Zero_negative_and_missing_amounts_are_400()
    {
        var payee = await host.NewMemberAsync();
        var payer = await host.NewMemberAsync();

        await RefusedAsync(id => payee.Client.CreateAsync(id, payee.AccountId, payer.AccountId, 0), HttpStatusCode.BadRequest, field: "amount");
        await RefusedAsync(id => payee.Client.CreateAsync(id, payee.AccountId, payer.AccountId, -100), HttpStatusCode.BadRequest, field: "amount");
        await RefusedAsync(id => payee.Client.PostAsJsonAsync(Requests, new { id, payeeAccountId = payee.AccountId, payerAccountId = payer.AccountId, dueDate = Due }), HttpStatusCode.BadRequest, field: "amount");
        await RefusedAsync(id => payee.Client.PostAsync(Requests, Json($$"""{"id":"{{id}}","payeeAccountId":"{{payee.AccountId}}","payerAccountId":"{{payer.AccountId}}","amount":99999999999999999999999,"dueDate":"{{Due:yyyy-MM-dd}}"}""")), HttpStatusCode.BadRequest);
        await RefusedAsync(id => payee.Client.PostAsync(Requests, Json($$"""{"id":"{{id}}","payeeAccountId":"{{payee.AccountId}}","payerAccountId":"{{payer.AccountId}}","amount":12.5,"dueDate":"{{Due:yyyy-MM-dd}}"}""")), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_due_date_in_the_past_missing_or_malformed_is_400()
    {
        var payee = await host.NewMemberAsync();
        var payer = await host.NewMemberAsync();

        await RefusedAsync(id => payee.Client.CreateAsync(id, payee.AccountId, payer.AccountId, 100, dueDate: Past), HttpStatusCode.BadRequest, field: "dueDate");
        await RefusedAsync(id => payee.Client.CreateAsync(id, payee.AccountId, payer.AccountId, 100, dueDate: DateOnly.MinValue), HttpStatusCode.BadRequest, field: "dueDate");
        await RefusedAsync(id => payee.Client.PostAsJsonAsync(Requests, new { id, payeeAccountId = payee.AccountId, payerAccountId = payer.AccountId, amount = 100 }), HttpStatusCode.BadRequest, field: "dueDate");
        await RefusedAsync(id => payee.Client.PostAsync(Requests, Json($$"""{"id":"{{id}}","payeeAccountId":"{{payee.AccountId}}","payerAccountId":"{{payer.AccountId}}","amount":100,"dueDate":"2031-02-30"}""")), HttpStatusCode.BadRequest);

        // Today (UTC) is fine.
        await ExpectAsync(await payee.Client.CreateAsync(Guid.CreateVersion7(), payee.AccountId, payer.AccountId, 100, dueDate: DateOnly.FromDateTime(DateTime.UtcNow)), HttpStatusCode.Created);
    }

    [Fact]
    public async Task A_memo_over_500_characters_or_with_unstorable_text_is_400()
    {
        var payee = await host.NewMemberAsync();
        var payer = await host.NewMemberAsync();

        await RefusedAsync(id => payee.Client.CreateAsync(id, payee.AccountId, payer.AccountId, 100, new string('m', 501)), HttpStatusCode.BadRequest, field: "memo");
        await RefusedAsync(id => payee.Client.CreateAsync(id, payee.AccountId, payer.AccountId, 100, "bad\0memo"), HttpStatusCode.BadRequest, field: "memo");
        await RefusedAsync(id => payee.Client.PostAsync(Requests, Json($$"""{"id":"{{id}}","payeeAccountId":"{{payee.AccountId}}","payerAccountId":"{{payer.AccountId}}","amount":100,"memo":"broken \uD800 pair","dueDate":"{{Due:yyyy-MM-dd}}"}""")), HttpStatusCode.BadRequest);

        // Exactly 500 is fine, and so is no memo; the payment then carries a memo naming the request.
        var full = await payee.RequestAsync(payer, 100, new string('m', 500));
        Assert.Equal(500, full.Memo.Length);
        var bare = await ExpectAsync(await payee.Client.CreateAsync(Guid.CreateVersion7(), payee.AccountId, payer.AccountId, 100, memo: null), HttpStatusCode.Created);
        Assert.Equal("", bare.Memo);
        var paid = await ExpectAsync(await payer.Client.AcceptAsync(bare.Id, payNow: true), HttpStatusCode.OK);
        var transfer = await (await payer.Client.GetAsync($"/api/ledger/transfers/{paid.TransferId}")).Content.ReadFromJsonAsync<MemoView>();
        Assert.Equal($"Payment request {bare.Id}", transfer!.Memo);
    }

    [Fact]
    public async Task Missing_ids_are_400()
    {
        var payee = await host.NewMemberAsync();
        var payer = await host.NewMemberAsync();

        await RefusedAsync(_ => payee.Client.CreateAsync(Guid.Empty, payee.AccountId, payer.AccountId, 100), HttpStatusCode.BadRequest, field: "id");
        await RefusedAsync(id => payee.Client.CreateAsync(id, Guid.Empty, payer.AccountId, 100), HttpStatusCode.BadRequest, field: "payeeAccountId");
        await RefusedAsync(id => payee.Client.CreateAsync(id, payee.AccountId, Guid.Empty, 100), HttpStatusCode.BadRequest, field: "payerAccountId");
        await RefusedAsync(id => payee.Client.PostAsync(Requests, Json($$"""{"id":"not-a-guid","payeeAccountId":"{{payee.AccountId}}","payerAccountId":"{{payer.AccountId}}","amount":100,"dueDate":"{{Due:yyyy-MM-dd}}"}""")), HttpStatusCode.BadRequest);
        await RefusedAsync(_ => payee.Client.PostAsync(Requests, Json("{")), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Asking_oneself_is_400()
    {
        var payee = await host.NewMemberAsync();

        await RefusedAsync(id => payee.Client.CreateAsync(id, payee.AccountId, payee.AccountId, 100), HttpStatusCode.BadRequest, field: "payerAccountId");
    }

    [Fact]
    public async Task Unknown_accounts_are_404()
    {
        var payee = await host.NewMemberAsync();

        await RefusedAsync(id => payee.Client.CreateAsync(id, payee.AccountId, Guid.CreateVersion7(), 100), HttpStatusCode.NotFound, "account-not-found");
        await RefusedAsync(id => payee.Client.CreateAsync(id, Guid.CreateVersion7(), payee.AccountId, 100), HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task A_closed_payer_account_is_422()
    {
        var payee = await host.NewMemberAsync();
        var payer = await host.NewMemberAsync();
        await ExpectStatusAsync(host.Admin.PostAsJsonAsync($"{Accounts}/{payer.AccountId}/close", new { reason = "test" }), HttpStatusCode.OK);

        await RefusedAsync(id => payee.Client.CreateAsync(id, payee.AccountId, payer.AccountId, 100), HttpStatusCode.UnprocessableEntity, "account-closed");
    }

    [Fact]
    public async Task A_decline_or_cancel_reason_over_500_characters_is_400()
    {
        var payee = await host.NewMemberAsync();
        var payer = await host.NewMemberAsync();
        var request = await payee.RequestAsync(payer, 100);
        var before = await host.SnapshotAsync();

        await AssertProblemAsync(await payer.Client.DeclineAsync(request.Id, new string('r', 501)), HttpStatusCode.BadRequest, field: "reason");
        await AssertProblemAsync(await payee.Client.CancelAsync(request.Id, new string('r', 501)), HttpStatusCode.BadRequest, field: "reason");
        await AssertProblemAsync(await payee.Client.CancelAsync(request.Id, "nul\0"), HttpStatusCode.BadRequest, field: "reason");

        await host.AssertUnchangedSinceAsync(before);
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private sealed record MemoView(string Memo);
}
