using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using SolidarityMarket.Ledger.Data;
using SolidarityMarket.Ledger.Tests.Api;
using static SolidarityMarket.Ledger.Tests.PaymentRequests.PaymentRequestApi;

namespace SolidarityMarket.Ledger.Tests.PaymentRequests;

/// <summary>
/// A payment that loses its claim right after taking it — a stalled payment released by someone else, and the request
/// then reduced by a clearing run — must not pay the amount it read before. The loss is staged by an interceptor that
/// changes the request in the database just after the claim is saved (the stall itself cannot be timed in a test).
/// </summary>
public sealed class PaymentRequestLostClaimTests(PaymentRequestLostClaimTests.Host host) : IClassFixture<PaymentRequestLostClaimTests.Host>
{
    [Fact]
    public async Task A_payment_whose_claim_was_released_and_the_request_cleared_meanwhile_pays_nothing()
    {
        var payee = await host.NewMemberAsync();
        var payer = await host.NewMemberAsync();
        var request = await payee.RequestAsync(payer, 1_000);
        await ExpectAsync(await payer.Client.AcceptAsync(request.Id, payNow: false), HttpStatusCode.OK);
        host.Interceptor.Target = request.Id;

        var response = await payer.Client.PayRequestAsync(request.Id);

        await AssertProblemAsync(response, HttpStatusCode.Conflict, "payment-request-busy");
        Assert.True(host.Interceptor.Fired, "the claim was taken and then lost");
        Assert.Null(await host.WithDbAsync(db => db.Transfers.AsNoTracking().FirstOrDefaultAsync(t => t.Id == PaymentTradeId(request.Id) || t.TradeId == PaymentTradeId(request.Id))));
        Assert.Equal((0L, 0L), (await payer.Client.BalanceAsync(payer.AccountId), await payee.Client.BalanceAsync(payee.AccountId)));
        var stored = await payer.Client.ViewAsync(request.Id);
        Assert.Equal(("Accepted", 600L, 400L, false), (stored.Status, stored.ClearedAmount, stored.Outstanding, stored.PaymentInProgress));

        // Paying again pays what is outstanding now.
        var paid = await ExpectAsync(await payer.Client.PayRequestAsync(request.Id), HttpStatusCode.OK);
        Assert.Equal(("Paid", 0L), (paid.Status, paid.Outstanding));
        Assert.Equal((-400L, 400L), (await payer.Client.BalanceAsync(payer.AccountId), await payee.Client.BalanceAsync(payee.AccountId)));
    }

    /// <summary>The payment-request host with <see cref="LoseClaimAfterSave"/> on the ledger's contexts.</summary>
    public sealed class Host : PaymentRequestHost
    {
        public LoseClaimAfterSave Interceptor { get; } = new();

        protected override void ConfigureServices(IServiceCollection services) =>
            services.ConfigureDbContext<LedgerSqliteDbContext>(o => o.AddInterceptors(Interceptor));
    }

    /// <summary>
    /// Once, right after the claim on <see cref="Target"/> is saved: releases it and sets 600 of the request off, as a
    /// stale-payment settlement followed by a clearing run would, bumping the version each time.
    /// </summary>
    public sealed class LoseClaimAfterSave : SaveChangesInterceptor
    {
        public Guid? Target { get; set; }

        public bool Fired { get; private set; }

        public override async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
        {
            if (Target is { } id && !Fired && eventData.Context is LedgerDbContext db
                && db.ChangeTracker.Entries<PaymentRequest>().Any(e => e.Entity.Id == id && e.Entity.PaymentInProgress))
            {
                Fired = true;
                await db.PaymentRequests.Where(r => r.Id == id).ExecuteUpdateAsync(s => s
                    .SetProperty(r => r.TransferId, (Guid?)null)
                    .SetProperty(r => r.PaymentStartedAt, (DateTimeOffset?)null)
                    .SetProperty(r => r.ClearedAmount, 600)
                    .SetProperty(r => r.Version, r => r.Version + 2), cancellationToken);
            }

            return result;
        }
    }
}
