using System.Net;
using Microsoft.EntityFrameworkCore;
using static SolidarityMarket.Ledger.Tests.Api.LedgerApi;

namespace SolidarityMarket.Ledger.Tests.Api;

/// <summary>When the ledger's database keeps failing, a payment gets 503 with Retry-After — not a 500 — and nothing is applied.</summary>
public sealed class UnavailableDatabaseTests
{
    [Fact]
    public async Task A_payment_the_database_cannot_take_is_503_with_retry_after()
    {
        var host = new LedgerHost();
        await host.InitializeAsync();
        try
        {
            var payer = await host.NewMemberAsync();
            var payee = await host.NewMemberAsync();
            // Break the storage under the writer: every batch now fails, is retried, and finally gives up.
            await host.WithDbAsync(db => db.Database.ExecuteSqlRawAsync("DROP TABLE \"JournalEntries\""));

            var response = await payer.Client.PayAsync(payer.AccountId, payee.AccountId, 100);

            await AssertProblemAsync(response, HttpStatusCode.ServiceUnavailable);
            Assert.NotNull(response.Headers.RetryAfter);
            Assert.Equal(0, await host.WithDbAsync(db => db.Transfers.CountAsync()));
        }
        finally
        {
            await host.DisposeAsync();
        }
    }
}
