using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SolidarityMarket.Ledger.Data;
using SolidarityMarket.Ledger.Posting;
using SolidarityMarket.Ledger.Tests.Api;
using static SolidarityMarket.Ledger.Tests.PaymentRequests.PaymentRequestApi;

namespace SolidarityMarket.Ledger.Tests.PaymentRequests;

/// <summary>
/// Paying through the ledger: a refusal leaves the request as it was; concurrent payments apply one trade; the
/// paying trade's id is derived, and only a trade that really is the payment counts under it.
/// </summary>
public sealed class PaymentRequestPaymentTests(PaymentRequestHost host) : IClassFixture<PaymentRequestHost>
{
    [Fact]
    public async Task A_payment_refused_for_the_payers_limit_leaves_the_request_unchanged()
    {
        var payee = await host.NewMemberAsync();
        var payer = await host.NewMemberAsync();
        await host.Admin.SetLimitsAsync(payer.AccountId, debitLimit: 1_000, creditLimit: 40_000);
        var open = await payee.RequestAsync(payer, 1_001);
        var accepted = await payee.RequestAsync(payer, 1_500);
        await ExpectAsync(await payer.Client.AcceptAsync(accepted.Id, payNow: false), HttpStatusCode.OK);
        var acceptedView = await payer.Client.ViewAsync(accepted.Id);
        var before = await host.SnapshotAsync();

        await AssertProblemAsync(await payer.Client.AcceptAsync(open.Id, payNow: true), HttpStatusCode.UnprocessableEntity, "exceeds-debit-limit");
        await AssertProblemAsync(await payer.Client.PayRequestAsync(accepted.Id), HttpStatusCode.UnprocessableEntity, "exceeds-debit-limit");
        await AssertProblemAsync(await payer.Client.AcceptAsync(accepted.Id, payNow: true), HttpStatusCode.UnprocessableEntity, "exceeds-debit-limit");

        Assert.Equal(open, await payer.Client.ViewAsync(open.Id));
        Assert.Equal(acceptedView, await payer.Client.ViewAsync(accepted.Id));
        Assert.Equal(HttpStatusCode.NotFound, (await payer.Client.GetAsync($"/api/ledger/transfers/{PaymentTradeId(open.Id)}")).StatusCode);
        Assert.Equal(0, await payer.Client.BalanceAsync(payer.AccountId));
        Assert.Contains(await host.Admin.ObligationsAsync(), o => o.RequestId == accepted.Id && !o.PaymentInProgress);
        // Only the claims came and went (versions); nothing else about the requests, accounts or journal changed.
        Assert.Equal(Unversioned(before), Unversioned(await host.SnapshotAsync()));

        // Still payable once the limit allows it; still cancellable too.
        await ExpectAsync(await payee.Client.CancelAsync(open.Id), HttpStatusCode.OK);
        await host.Admin.SetLimitsAsync(payer.AccountId, debitLimit: 2_000, creditLimit: 40_000);
        var paid = await ExpectAsync(await payer.Client.PayRequestAsync(accepted.Id), HttpStatusCode.OK);
        Assert.Equal("Paid", paid.Status);
        Assert.Equal(-1_500, await payer.Client.BalanceAsync(payer.AccountId));
    }

    [Fact]
    public async Task A_payment_refused_for_the_payees_ceiling_or_a_frozen_account_leaves_the_request_unchanged()
    {
        var payee = await host.NewMemberAsync();
        var payer = await host.NewMemberAsync();
        await host.Admin.SetLimitsAsync(payee.AccountId, debitLimit: 20_000, creditLimit: 500);
        var tooMuch = await payee.RequestAsync(payer, 501);
        var fine = await payee.RequestAsync(payer, 400);

        await AssertProblemAsync(await payer.Client.AcceptAsync(tooMuch.Id, payNow: true), HttpStatusCode.UnprocessableEntity, "exceeds-credit-limit");
        await ExpectStatusAsync(host.Admin.PostAsJsonAsync($"{Accounts}/{payer.AccountId}/freeze", new { reason = "test" }), HttpStatusCode.OK);
        await AssertProblemAsync(await payer.Client.AcceptAsync(fine.Id, payNow: true), HttpStatusCode.UnprocessableEntity, "account-frozen");

        Assert.Equal(tooMuch, await payee.Client.ViewAsync(tooMuch.Id));
        Assert.Equal(fine, await payee.Client.ViewAsync(fine.Id));
        await ExpectStatusAsync(host.Admin.PostAsJsonAsync($"{Accounts}/{payer.AccountId}/unfreeze", new { reason = "test" }), HttpStatusCode.OK);
        Assert.Equal("Paid", (await ExpectAsync(await payer.Client.AcceptAsync(fine.Id, payNow: true), HttpStatusCode.OK)).Status);
    }

    [Fact]
    public async Task Paying_now_twice_at_once_moves_the_credits_exactly_once()
    {
        var payee = await host.NewMemberAsync();
        var payer = await host.NewMemberAsync();
        const int rounds = 6;
        const long amount = 1_000;
        for (var round = 0; round < rounds; round++)
        {
            var request = await payee.RequestAsync(payer, amount);

            var responses = await Task.WhenAll(payer.Client.AcceptAsync(request.Id, payNow: true), payer.Client.AcceptAsync(request.Id, payNow: true));

            foreach (var response in responses)
            {
                var view = await ExpectAsync(response, HttpStatusCode.OK);
                Assert.Equal(("Paid", PaymentTradeId(request.Id)), (view.Status, view.TransferId));
            }
        }

        Assert.Equal((-rounds * amount, rounds * amount), (await payer.Client.BalanceAsync(payer.AccountId), await payee.Client.BalanceAsync(payee.AccountId)));
        var trades = await host.WithDbAsync(db => db.Transfers.CountAsync(t => t.DebitAccountId == payer.AccountId));
        Assert.Equal(rounds, trades);
    }

    [Fact]
    public async Task Concurrent_pays_and_accepts_of_an_accepted_request_apply_one_trade_and_all_answer_paid()
    {
        var payee = await host.NewMemberAsync();
        var payer = await host.NewMemberAsync();
        const int rounds = 5;
        for (var round = 0; round < rounds; round++)
        {
            var request = await payee.RequestAsync(payer, 2_000);
            await ExpectAsync(await payer.Client.AcceptAsync(request.Id, payNow: false), HttpStatusCode.OK);

            // An attempt whose claim a later one took over waits for that one's outcome: no "busy" for a payment being made.
            var responses = await Task.WhenAll(
                payer.Client.PayRequestAsync(request.Id), payer.Client.PayRequestAsync(request.Id),
                payer.Client.AcceptAsync(request.Id, payNow: true), payer.Client.PayRequestAsync(request.Id),
                payer.Client.AcceptAsync(request.Id, payNow: true), payer.Client.PayRequestAsync(request.Id));

            foreach (var response in responses)
            {
                Assert.Equal("Paid", (await ExpectAsync(response, HttpStatusCode.OK)).Status);
            }
        }

        Assert.Equal((-2_000L * rounds, 2_000L * rounds), (await payer.Client.BalanceAsync(payer.AccountId), await payee.Client.BalanceAsync(payee.AccountId)));
    }

    [Fact]
    public async Task A_cancel_racing_a_payment_either_wins_whole_or_loses_whole()
    {
        var payee = await host.NewMemberAsync();
        var payer = await host.NewMemberAsync();
        long paidTotal = 0;
        for (var round = 0; round < 8; round++)
        {
            var request = await payee.RequestAsync(payer, 100);

            var pay = payer.Client.AcceptAsync(request.Id, payNow: true);
            var cancel = payee.Client.CancelAsync(request.Id);
            var (paid, cancelled) = (await pay, await cancel);

            var final = await payee.Client.ViewAsync(request.Id);
            if (final.Status == "Paid")
            {
                paidTotal += 100;
                Assert.Equal(HttpStatusCode.OK, paid.StatusCode);
                Assert.Equal(HttpStatusCode.Conflict, cancelled.StatusCode);
            }
            else
            {
                Assert.Equal("Cancelled", final.Status);
                Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
                Assert.Equal(HttpStatusCode.Conflict, paid.StatusCode);
                Assert.Equal(HttpStatusCode.NotFound, (await payer.Client.GetAsync($"/api/ledger/transfers/{PaymentTradeId(request.Id)}")).StatusCode);
            }

            Assert.Equal(paidTotal, await payee.Client.BalanceAsync(payee.AccountId));
        }
    }

    [Fact]
    public async Task A_trade_someone_else_put_under_the_payment_id_does_not_pay_the_request()
    {
        var payee = await host.NewMemberAsync();
        var payer = await host.NewMemberAsync();
        var request = await payee.RequestAsync(payer, 5_000);
        // The payment's id is derivable: the payer pays 1 hundredth under it, hoping it counts (or to block it).
        // Derived ids are version 8, which the API refuses as a client id.
        await ExpectStatusAsync(payer.Client.TradeAsync(PaymentTradeId(request.Id), payer.AccountId, payee.AccountId, 1), HttpStatusCode.BadRequest);
        await SubmitThroughWriterAsync(PaymentTradeId(request.Id), payer.AccountId, payee.AccountId, 1, "");

        await AssertProblemAsync(await payer.Client.AcceptAsync(request.Id, payNow: true), HttpStatusCode.Conflict, "id-already-used-with-different-fields");

        Assert.Equal(request, await payee.Client.ViewAsync(request.Id));
        Assert.Equal(-1, await payer.Client.BalanceAsync(payer.AccountId));
        await ExpectAsync(await payee.Client.CancelAsync(request.Id), HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_trade_under_the_payment_id_that_is_exactly_the_payment_counts_once()
    {
        var payee = await host.NewMemberAsync();
        var payer = await host.NewMemberAsync();
        var request = await payee.RequestAsync(payer, 5_000);
        await SubmitThroughWriterAsync(PaymentTradeId(request.Id), payer.AccountId, payee.AccountId, 5_000, "paid by hand");

        var paid = await ExpectAsync(await payer.Client.AcceptAsync(request.Id, payNow: true), HttpStatusCode.OK);

        Assert.Equal(("Paid", PaymentTradeId(request.Id)), (paid.Status, paid.TransferId));
        Assert.Equal(-5_000, await payer.Client.BalanceAsync(payer.AccountId));
    }

    [Fact]
    public async Task A_payment_in_flight_blocks_cancel_and_decline_until_it_finishes()
    {
        var payee = await host.NewMemberAsync();
        var payer = await host.NewMemberAsync();
        var request = await payee.RequestAsync(payer, 300);
        await ClaimAsync(request.Id, startedAgo: TimeSpan.Zero);

        Assert.True((await payer.Client.ViewAsync(request.Id)).PaymentInProgress);
        await AssertProblemAsync(await payee.Client.CancelAsync(request.Id), HttpStatusCode.Conflict, "payment-request-payment-in-progress");
        await AssertProblemAsync(await payer.Client.DeclineAsync(request.Id), HttpStatusCode.Conflict, "payment-request-payment-in-progress");
        await AssertProblemAsync(await payer.Client.AcceptAsync(request.Id, payNow: false), HttpStatusCode.Conflict, "payment-request-payment-in-progress");

        // Repeating the payment completes it.
        var paid = await ExpectAsync(await payer.Client.AcceptAsync(request.Id, payNow: true), HttpStatusCode.OK);
        Assert.Equal(("Paid", false), (paid.Status, paid.PaymentInProgress));
        Assert.Equal(300, await payee.Client.BalanceAsync(payee.AccountId));
    }

    [Fact]
    public async Task A_stale_unfinished_payment_that_never_reached_the_ledger_is_released_by_a_cancel()
    {
        var payee = await host.NewMemberAsync();
        var payer = await host.NewMemberAsync();
        var request = await payee.RequestAsync(payer, 300);
        await ClaimAsync(request.Id, startedAgo: TimeSpan.FromMinutes(10));

        var cancelled = await ExpectAsync(await payee.Client.CancelAsync(request.Id), HttpStatusCode.OK);

        Assert.Equal(("Cancelled", false), (cancelled.Status, cancelled.PaymentInProgress));
        Assert.Equal(0, await payee.Client.BalanceAsync(payee.AccountId));
    }

    [Fact]
    public async Task A_stale_unfinished_payment_that_the_ledger_applied_makes_the_request_paid()
    {
        var payee = await host.NewMemberAsync();
        var payer = await host.NewMemberAsync();
        var request = await payee.RequestAsync(payer, 300);
        // The payment reached the ledger, then the process died before marking the request paid.
        await SubmitThroughWriterAsync(PaymentTradeId(request.Id), payer.AccountId, payee.AccountId, 300, request.Memo);
        await ClaimAsync(request.Id, startedAgo: TimeSpan.FromMinutes(10));

        await AssertProblemAsync(await payee.Client.CancelAsync(request.Id), HttpStatusCode.Conflict, "payment-request-already-paid");

        var view = await payee.Client.ViewAsync(request.Id);
        Assert.Equal(("Paid", PaymentTradeId(request.Id)), (view.Status, view.TransferId));
        Assert.Equal(300, await payee.Client.BalanceAsync(payee.AccountId));
    }

    /// <summary>Leaves the request as a payment that started <paramref name="startedAgo"/> and never finished would.</summary>
    private Task<int> ClaimAsync(Guid id, TimeSpan startedAgo) => host.WithDbAsync(async db =>
    {
        var row = await db.PaymentRequests.SingleAsync(r => r.Id == id);
        row.TransferId = PaymentTradeId(id);
        row.PaymentStartedAt = DateTimeOffset.UtcNow - startedAgo;
        row.Version++;
        return await db.SaveChangesAsync();
    });

    private static string Unversioned(string snapshot) => string.Join('\n', snapshot.Split('\n').Select(l => l.StartsWith("request ", StringComparison.Ordinal) ? l[..l.IndexOf(" v", StringComparison.Ordinal)] + l[l.IndexOf(" closed=", StringComparison.Ordinal)..] : l));

    /// <summary>
    /// A trade under a derived (version 8) id, which the API refuses from clients: straight through the writer, as
    /// the ledger itself (or, before that refusal, a member) would have placed it.
    /// </summary>
    private async Task SubmitThroughWriterAsync(Guid tradeId, Guid payer, Guid payee, long amount, string memo)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LedgerDbContext>();
        var writer = scope.ServiceProvider.GetRequiredService<LedgerWriter>();
        var planned = await TradePlanning.PlanAsync(db, writer.Directory, new TradeIntentInput(tradeId, payer, payee, amount, memo, null, null), CancellationToken.None);
        var result = await writer.SubmitAsync(TransferWork.ForPlan(planned.Plan!), CancellationToken.None);
        Assert.True(result.Rejection is null, result.Rejection?.ToString());
    }
}
