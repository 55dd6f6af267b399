using System.Net;
using System.Net.Http.Json;
using SolidarityMarket.Ledger.Tests.Api;
using static SolidarityMarket.Ledger.Tests.PaymentRequests.PaymentRequestApi;

namespace SolidarityMarket.Ledger.Tests.PaymentRequests;

/// <summary>The state machine: Open → Accepted → Paid, Open → Paid, Open → Declined, Open/Accepted → Cancelled; everything else 409.</summary>
public sealed class PaymentRequestLifecycleTests(PaymentRequestHost host) : IClassFixture<PaymentRequestHost>
{
    [Fact]
    public async Task Ask_see_accept_to_pay_later_become_an_obligation_then_pay_once()
    {
        var payee = await host.NewMemberAsync();
        var payer = await host.NewMemberAsync();
        var due = Due;
        var created = await payee.RequestAsync(payer, 2_500, "Vegetable boxes, week 12", due);
        Assert.Equal((payee.AccountId, payer.AccountId, 2_500L, "Vegetable boxes, week 12", due), (created.PayeeAccountId, created.PayerAccountId, created.Amount, created.Memo, created.DueDate));
        Assert.Equal((null, null, false), (created.TransferId, created.AcceptedAt, created.PaymentInProgress));

        // Both parties see the open request, each on their own side.
        Assert.Equal([created.Id], (await payer.Client.ListAsync("?role=payer&status=open")).Items.Select(r => r.Id));
        Assert.Equal([created.Id], (await payee.Client.ListAsync("?role=payee&status=open")).Items.Select(r => r.Id));
        Assert.Empty((await payer.Client.ListAsync("?role=payee")).Items);
        Assert.Empty((await payee.Client.ListAsync("?role=payer")).Items);
        Assert.Equal(created, await payer.Client.ViewAsync(created.Id));

        // Accept to pay later: an obligation, no credits move.
        var accepted = await ExpectAsync(await payer.Client.AcceptAsync(created.Id, payNow: false), HttpStatusCode.OK);
        Assert.Equal(("Accepted", (Guid?)null), (accepted.Status, accepted.TransferId));
        Assert.NotNull(accepted.AcceptedAt);
        Assert.Equal(accepted, await ExpectAsync(await payer.Client.AcceptAsync(created.Id, payNow: false), HttpStatusCode.OK)); // a repeat changes nothing
        Assert.Equal((0L, 0L), (await payer.Client.BalanceAsync(payer.AccountId), await payee.Client.BalanceAsync(payee.AccountId)));
        Assert.Empty((await payer.Client.ListAsync("?role=payer&status=open")).Items);
        Assert.Equal([created.Id], (await payer.Client.ListAsync("?role=payer&status=open,accepted")).Items.Select(r => r.Id));

        var obligation = Assert.Single(await host.Admin.ObligationsAsync(), o => o.RequestId == created.Id);
        Assert.Equal((payer.AccountId, "food", payee.AccountId, "food", 2_500L, due, false),
            (obligation.PayerAccountId, obligation.PayerExchangeId, obligation.PayeeAccountId, obligation.PayeeExchangeId, obligation.Amount, obligation.DueDate, obligation.PaymentInProgress));

        // Pay it: one trade payer → payee, status Paid with that trade's id.
        var paid = await ExpectAsync(await payer.Client.PayRequestAsync(created.Id), HttpStatusCode.OK);
        Assert.Equal(("Paid", PaymentTradeId(created.Id), false), (paid.Status, paid.TransferId, paid.PaymentInProgress));
        Assert.NotNull(paid.PaidAt);
        Assert.Equal(accepted.AcceptedAt, paid.AcceptedAt);
        Assert.Equal((-2_500L, 2_500L), (await payer.Client.BalanceAsync(payer.AccountId), await payee.Client.BalanceAsync(payee.AccountId)));
        Assert.DoesNotContain(await host.Admin.ObligationsAsync(), o => o.RequestId == created.Id);

        var transfer = await (await payee.Client.GetAsync($"/api/ledger/transfers/{paid.TransferId}")).Content.ReadFromJsonAsync<TransferView>();
        Assert.Equal((payer.AccountId, payee.AccountId, 2_500L, "Vegetable boxes, week 12", "Trade"),
            (transfer!.DebitAccountId, transfer.CreditAccountId, transfer.Amount, transfer.Memo, transfer.Code));

        // Repeating the payment answers the paid request and moves nothing.
        Assert.Equal(paid, await ExpectAsync(await payer.Client.PayRequestAsync(created.Id), HttpStatusCode.OK));
        Assert.Equal(paid, await ExpectAsync(await payer.Client.AcceptAsync(created.Id, payNow: true), HttpStatusCode.OK));
        Assert.Equal((-2_500L, 2_500L), (await payer.Client.BalanceAsync(payer.AccountId), await payee.Client.BalanceAsync(payee.AccountId)));
        Assert.Equal([created.Id], (await payee.Client.ListAsync("?role=payee&status=paid")).Items.Select(r => r.Id));

        // A paid request is final.
        var before = await host.SnapshotAsync();
        await AssertProblemAsync(await payee.Client.CancelAsync(created.Id), HttpStatusCode.Conflict, "payment-request-already-paid");
        await AssertProblemAsync(await payer.Client.DeclineAsync(created.Id), HttpStatusCode.Conflict, "payment-request-already-paid");
        await AssertProblemAsync(await payer.Client.AcceptAsync(created.Id, payNow: false), HttpStatusCode.Conflict, "payment-request-already-paid");
        await host.AssertUnchangedSinceAsync(before);
    }

    [Fact]
    public async Task Accept_and_pay_now_moves_the_credits_at_once()
    {
        var payee = await host.NewMemberAsync();
        var payer = await host.NewMemberAsync();
        var request = await payee.RequestAsync(payer, 1_234);

        var paid = await ExpectAsync(await payer.Client.AcceptAsync(request.Id, payNow: true), HttpStatusCode.OK);

        Assert.Equal(("Paid", PaymentTradeId(request.Id)), (paid.Status, paid.TransferId));
        Assert.NotNull(paid.AcceptedAt);
        Assert.Equal(paid.AcceptedAt, paid.PaidAt);
        Assert.Equal((-1_234L, 1_234L), (await payer.Client.BalanceAsync(payer.AccountId), await payee.Client.BalanceAsync(payee.AccountId)));
        Assert.Equal(paid, await payee.Client.ViewAsync(request.Id));
    }

    [Fact]
    public async Task An_accepted_request_can_be_paid_by_accepting_with_pay_now()
    {
        var payee = await host.NewMemberAsync();
        var payer = await host.NewMemberAsync();
        var request = await payee.RequestAsync(payer, 800);
        await ExpectAsync(await payer.Client.AcceptAsync(request.Id, payNow: false), HttpStatusCode.OK);

        var paid = await ExpectAsync(await payer.Client.AcceptAsync(request.Id, payNow: true), HttpStatusCode.OK);

        Assert.Equal("Paid", paid.Status);
        Assert.Equal(800, await payee.Client.BalanceAsync(payee.AccountId));
    }

    [Fact]
    public async Task A_request_across_sectors_is_paid_through_the_clearing_accounts()
    {
        var payee = await host.NewMemberAsync("care");
        var payer = await host.NewMemberAsync("food");
        var request = await payee.RequestAsync(payer, 3_000);

        var paid = await ExpectAsync(await payer.Client.AcceptAsync(request.Id, payNow: true), HttpStatusCode.OK);

        Assert.Equal("Paid", paid.Status);
        Assert.Equal((-3_000L, 3_000L), (await payer.Client.BalanceAsync(payer.AccountId), await payee.Client.BalanceAsync(payee.AccountId)));
        Assert.Equal(HttpStatusCode.OK, (await payee.Client.GetAsync($"/api/ledger/transfers/{paid.TransferId}")).StatusCode);
    }

    [Fact]
    public async Task The_payer_declines_with_a_reason_and_the_request_is_closed()
    {
        var payee = await host.NewMemberAsync();
        var payer = await host.NewMemberAsync();
        var request = await payee.RequestAsync(payer, 500);

        var declined = await ExpectAsync(await payer.Client.DeclineAsync(request.Id, "  We never ordered this.  "), HttpStatusCode.OK);

        Assert.Equal(("Declined", "We never ordered this."), (declined.Status, declined.CloseReason));
        Assert.NotNull(declined.ClosedAt);
        Assert.Equal(declined, await ExpectAsync(await payer.Client.DeclineAsync(request.Id), HttpStatusCode.OK));
        Assert.Equal(declined, await payee.Client.ViewAsync(request.Id));

        var before = await host.SnapshotAsync();
        await AssertProblemAsync(await payer.Client.AcceptAsync(request.Id, payNow: true), HttpStatusCode.Conflict, "payment-request-already-declined");
        await AssertProblemAsync(await payer.Client.AcceptAsync(request.Id, payNow: false), HttpStatusCode.Conflict, "payment-request-already-declined");
        await AssertProblemAsync(await payer.Client.PayRequestAsync(request.Id), HttpStatusCode.Conflict, "payment-request-already-declined");
        var problem = await AssertProblemAsync(await payee.Client.CancelAsync(request.Id), HttpStatusCode.Conflict, "payment-request-already-declined");
        Assert.Equal(("PaymentRequestAlreadyDeclined", "Declined"), (problem.GetProperty("reason").GetString(), problem.GetProperty("requestStatus").GetString()));
        await host.AssertUnchangedSinceAsync(before);
        Assert.Equal(0, await payer.Client.BalanceAsync(payer.AccountId));
    }

    [Fact]
    public async Task The_payee_cancels_an_open_or_an_accepted_request()
    {
        var payee = await host.NewMemberAsync();
        var payer = await host.NewMemberAsync();
        var open = await payee.RequestAsync(payer, 100);
        var accepted = await payee.RequestAsync(payer, 200);
        await ExpectAsync(await payer.Client.AcceptAsync(accepted.Id, payNow: false), HttpStatusCode.OK);
        Assert.Contains(await host.Admin.ObligationsAsync(), o => o.RequestId == accepted.Id);

        var cancelledOpen = await ExpectAsync(await payee.Client.CancelAsync(open.Id, "Sent twice"), HttpStatusCode.OK);
        var forgiven = await ExpectAsync(await payee.Client.CancelAsync(accepted.Id), HttpStatusCode.OK);

        Assert.Equal(("Cancelled", "Sent twice"), (cancelledOpen.Status, cancelledOpen.CloseReason));
        Assert.Equal(("Cancelled", (string?)null), (forgiven.Status, forgiven.CloseReason));
        Assert.DoesNotContain(await host.Admin.ObligationsAsync(), o => o.RequestId == accepted.Id);
        Assert.Equal(forgiven, await ExpectAsync(await payee.Client.CancelAsync(accepted.Id), HttpStatusCode.OK));

        var before = await host.SnapshotAsync();
        await AssertProblemAsync(await payer.Client.PayRequestAsync(accepted.Id), HttpStatusCode.Conflict, "payment-request-already-cancelled");
        await AssertProblemAsync(await payer.Client.AcceptAsync(open.Id, payNow: true), HttpStatusCode.Conflict, "payment-request-already-cancelled");
        await AssertProblemAsync(await payer.Client.DeclineAsync(open.Id), HttpStatusCode.Conflict, "payment-request-already-cancelled");
        await host.AssertUnchangedSinceAsync(before);
    }

    [Fact]
    public async Task Invalid_transitions_from_open_and_accepted_are_conflicts()
    {
        var payee = await host.NewMemberAsync();
        var payer = await host.NewMemberAsync();
        var open = await payee.RequestAsync(payer, 300);
        var accepted = await payee.RequestAsync(payer, 400);
        await ExpectAsync(await payer.Client.AcceptAsync(accepted.Id, payNow: false), HttpStatusCode.OK);
        var before = await host.SnapshotAsync();

        var notAccepted = await AssertProblemAsync(await payer.Client.PayRequestAsync(open.Id), HttpStatusCode.Conflict, "payment-request-not-accepted");
        Assert.Equal("Open", notAccepted.GetProperty("requestStatus").GetString());
        await AssertProblemAsync(await payer.Client.DeclineAsync(accepted.Id), HttpStatusCode.Conflict, "payment-request-already-accepted");
        await host.AssertUnchangedSinceAsync(before);
    }

    [Fact]
    public async Task Accept_must_say_whether_it_pays_now()
    {
        var payee = await host.NewMemberAsync();
        var payer = await host.NewMemberAsync();
        var request = await payee.RequestAsync(payer, 300);
        var before = await host.SnapshotAsync();

        await AssertProblemAsync(await payer.Client.AcceptAsync(request.Id, payNow: null), HttpStatusCode.BadRequest, field: "payNow");
        await AssertProblemAsync(await payer.Client.PostAsync($"{Requests}/{request.Id}/accept", null), HttpStatusCode.BadRequest, field: "payNow");
        await host.AssertUnchangedSinceAsync(before);
    }

    [Fact]
    public async Task Lists_filter_by_role_status_and_account_and_admins_see_all()
    {
        var payee = await host.NewMemberAsync();
        var payer = await host.NewMemberAsync();
        var later = await payee.RequestAsync(payer, 100, dueDate: Due.AddDays(5));
        var sooner = await payee.RequestAsync(payer, 200, dueDate: Due);
        var declined = await payee.RequestAsync(payer, 300);
        await ExpectAsync(await payer.Client.DeclineAsync(declined.Id), HttpStatusCode.OK);

        // Either side, ordered by due date.
        var mine = await payer.Client.ListAsync("?status=open");
        Assert.Equal([sooner.Id, later.Id], mine.Items.Select(r => r.Id));
        Assert.Equal(2, mine.Total);
        Assert.Equal(3, (await payee.Client.ListAsync()).Total);
        Assert.Equal([declined.Id], (await payee.Client.ListAsync("?status=Declined")).Items.Select(r => r.Id));
        Assert.Equal(2, (await payee.Client.ListAsync($"?role=payee&accountId={payee.AccountId}&status=open")).Total);
        Assert.Equal(0, (await payee.Client.ListAsync($"?role=payer&accountId={payee.AccountId}")).Total);

        var page = await payee.Client.ListAsync("?pageSize=1&page=2");
        Assert.Equal((3, 2, 1), (page.Total, page.PageNumber, page.Items.Count));

        // Administrators see everyone's requests without a role, and can filter by account.
        Assert.Equal(3, (await host.Admin.ListAsync($"?accountId={payer.AccountId}")).Total);
        var all = await host.Admin.ListAsync("?pageSize=200");
        Assert.Contains(all.Items, r => r.Id == later.Id);

        // A stranger sees none of them.
        var stranger = await host.NewMemberAsync();
        Assert.Equal(0, (await stranger.Client.ListAsync($"?accountId={payer.AccountId}")).Total);
    }

    [Fact]
    public async Task Bad_list_filters_are_400()
    {
        var member = await host.NewMemberAsync();

        await AssertProblemAsync(await member.Client.GetAsync($"{Requests}?role=boss"), HttpStatusCode.BadRequest, field: "role");
        await AssertProblemAsync(await member.Client.GetAsync($"{Requests}?status=open,unpaid"), HttpStatusCode.BadRequest, field: "status");
        await AssertProblemAsync(await member.Client.GetAsync($"{Requests}?status=1"), HttpStatusCode.BadRequest, field: "status");
        await AssertProblemAsync(await member.Client.GetAsync($"{Requests}?pageSize=0"), HttpStatusCode.BadRequest, field: "pageSize");
        await AssertProblemAsync(await member.Client.GetAsync($"{Requests}?page=0"), HttpStatusCode.BadRequest, field: "page");
    }

    private sealed record TransferView(Guid Id, Guid DebitAccountId, Guid CreditAccountId, long Amount, string Memo, string Code);
}
