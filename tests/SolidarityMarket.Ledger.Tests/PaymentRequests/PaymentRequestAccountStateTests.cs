using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using SolidarityMarket.Ledger.Data;
using SolidarityMarket.Ledger.Domain;
using SolidarityMarket.Ledger.Tests.Api;
using static SolidarityMarket.Ledger.Tests.PaymentRequests.PaymentRequestApi;

namespace SolidarityMarket.Ledger.Tests.PaymentRequests;

/// <summary>
/// Payment requests and the state of their accounts: an account with open or accepted requests (as payer or payee)
/// does not close until each is paid, declined or cancelled, and no request is created or accepted against a frozen
/// or closed account — so no obligation is ever left against an account that can never settle it.
/// </summary>
public sealed class PaymentRequestAccountStateTests(PaymentRequestHost host) : IClassFixture<PaymentRequestHost>
{
    [Fact]
    public async Task Closing_is_refused_while_the_account_has_open_or_accepted_requests_as_payer_or_payee_naming_them()
    {
        var closing = await host.NewMemberAsync();
        var other = await host.NewMemberAsync();
        var asPayer = await other.RequestAsync(closing, 300);
        var asPayee = await closing.RequestAsync(other, 200);
        await ExpectAsync(await other.Client.AcceptAsync(asPayee.Id, payNow: false), HttpStatusCode.OK); // an obligation owed to it
        var settled = await other.RequestAsync(closing, 100);
        await ExpectAsync(await closing.Client.DeclineAsync(settled.Id, "not ours"), HttpStatusCode.OK);
        var before = await host.SnapshotAsync();
        var statusChanges = await StatusChangesAsync(closing.AccountId);

        var refused = await Api.LedgerApi.AssertProblemAsync(
            await CloseAsync(closing.AccountId), HttpStatusCode.UnprocessableEntity, "account-has-open-payment-requests");

        var detail = refused.GetProperty("detail").GetString()!;
        Assert.Contains(asPayer.Id.ToString(), detail, StringComparison.Ordinal);
        Assert.Contains(asPayee.Id.ToString(), detail, StringComparison.Ordinal);
        Assert.DoesNotContain(settled.Id.ToString(), detail, StringComparison.Ordinal);
        await host.AssertUnchangedSinceAsync(before);
        Assert.Equal(statusChanges, await StatusChangesAsync(closing.AccountId));

        await ExpectAsync(await closing.Client.DeclineAsync(asPayer.Id, "leaving"), HttpStatusCode.OK);
        await Api.LedgerApi.AssertProblemAsync(await CloseAsync(closing.AccountId), HttpStatusCode.UnprocessableEntity, "account-has-open-payment-requests");
        await ExpectAsync(await closing.Client.CancelAsync(asPayee.Id, "forgiven, leaving"), HttpStatusCode.OK);

        await ExpectStatusAsync(CloseAsync(closing.AccountId), HttpStatusCode.OK);
        Assert.Equal("Closed", (await closing.Client.AccountAsync(closing.AccountId)).Status);
    }

    [Fact]
    public async Task A_request_is_neither_created_nor_accepted_against_a_frozen_account()
    {
        var payee = await host.NewMemberAsync();
        var payer = await host.NewMemberAsync();
        var open = await payee.RequestAsync(payer, 150);
        await ChangeAsync(payer.AccountId, "freeze");
        var before = await host.SnapshotAsync();

        await RefusedCreateAsync(payee, payee.AccountId, payer.AccountId, "account-frozen");
        await Api.LedgerApi.AssertProblemAsync(await payer.Client.AcceptAsync(open.Id, payNow: false), HttpStatusCode.UnprocessableEntity, "account-frozen");
        await host.AssertUnchangedSinceAsync(before);
        // Accepting and paying at once is refused by the ledger's trade; the payment's claim is released again.
        await Api.LedgerApi.AssertProblemAsync(await payer.Client.AcceptAsync(open.Id, payNow: true), HttpStatusCode.UnprocessableEntity, "account-frozen");
        Assert.Equal(open, await payee.Client.ViewAsync(open.Id));

        // The payee's own account frozen: it can neither ask nor have a request accepted either.
        await ChangeAsync(payer.AccountId, "unfreeze");
        await ChangeAsync(payee.AccountId, "freeze");
        await RefusedCreateAsync(payee, payee.AccountId, payer.AccountId, "account-frozen");
        await Api.LedgerApi.AssertProblemAsync(await payer.Client.AcceptAsync(open.Id, payNow: false), HttpStatusCode.UnprocessableEntity, "account-frozen");

        await ChangeAsync(payee.AccountId, "unfreeze");
        Assert.Equal("Accepted", (await ExpectAsync(await payer.Client.AcceptAsync(open.Id, payNow: false), HttpStatusCode.OK)).Status);
    }

    [Fact]
    public async Task A_request_against_a_closed_payee_account_is_refused()
    {
        var payee = await host.NewMemberAsync();
        var payer = await host.NewMemberAsync();
        await ChangeAsync(payee.AccountId, "close");

        await RefusedCreateAsync(payee, payee.AccountId, payer.AccountId, "account-closed");
    }

    [Fact]
    public async Task A_close_racing_the_creation_of_a_request_never_leaves_an_open_request_on_a_closed_account()
    {
        for (var round = 0; round < 12; round++)
        {
            var closing = await host.NewMemberAsync();
            var payee = await host.NewMemberAsync();
            var id = Guid.CreateVersion7();

            var create = payee.Client.CreateAsync(id, payee.AccountId, closing.AccountId, 100);
            var close = CloseAsync(closing.AccountId);
            var (created, closed) = (await create, await close);

            var state = await host.WithDbAsync(async db => (
                Status: await db.Accounts.Where(a => a.Id == closing.AccountId).Select(a => a.Status).SingleAsync(),
                Open: await db.PaymentRequests.CountAsync(r => r.Id == id && r.Status == PaymentRequestStatus.Open)));
            Assert.False(state.Status == AccountStatus.Closed && state.Open > 0, $"round {round}: closed ({(int)closed.StatusCode}) with an open request ({(int)created.StatusCode})");
            Assert.True(created.IsSuccessStatusCode || closed.IsSuccessStatusCode, $"round {round}: neither the close nor the request went through");
        }
    }

    private Task<HttpResponseMessage> CloseAsync(Guid account) =>
        host.Admin.PostAsJsonAsync($"{Accounts}/{account}/close", new { reason = "member leaves" });

    private async Task ChangeAsync(Guid account, string action) =>
        await ExpectStatusAsync(host.Admin.PostAsJsonAsync($"{Accounts}/{account}/{action}", new { reason = "test" }), HttpStatusCode.OK);

    private Task<int> StatusChangesAsync(Guid account) => host.WithDbAsync(db => db.AccountStatusChanges.CountAsync(c => c.AccountId == account));

    private async Task RefusedCreateAsync(Member caller, Guid payee, Guid payer, string type)
    {
        var id = Guid.CreateVersion7();
        var before = await host.SnapshotAsync();
        await Api.LedgerApi.AssertProblemAsync(await caller.Client.CreateAsync(id, payee, payer, 100), HttpStatusCode.UnprocessableEntity, type);
        Assert.Equal(0, await host.CountRequestsAsync(id));
        await host.AssertUnchangedSinceAsync(before);
    }
}
