using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SolidarityMarket.Ledger.Data;
using SolidarityMarket.Ledger.Domain;
using SolidarityMarket.Ledger.Posting;
using SolidarityMarket.Ledger.Tests.Api;
using SolidarityMarket.ServiceDefaults.Auth;
using SolidarityMarket.Testing;
using static SolidarityMarket.Ledger.Tests.Posting.LedgerDbAccess;

namespace SolidarityMarket.Ledger.Tests.Posting;

/// <summary>
/// A payment request is checked and stored under the exchange lock the writer holds while it closes an account
/// (reading the account's open requests under it), so the two never interleave on PostgreSQL's read committed: a
/// creation arriving while a close is being committed waits for it, then sees the account closed. Without the lock
/// it would read the account as still active and store an open request against an account about to close.
/// </summary>
[Collection(AloneCollection.Name)]
public sealed class PaymentRequestCloseLockTests(SqlBatchWriterTests.Hosts hosts) : IClassFixture<SqlBatchWriterTests.Hosts>
{
    [Fact]
    public async Task A_request_created_while_a_close_holds_the_exchange_lock_waits_for_it_and_is_refused()
    {
        var factory = await hosts.GetAsync("Postgres");
        var (payeeClient, _) = await MarketplaceFactory.SignInAsNewUserAsync(factory, Roles.Member);
        var (payerClient, _) = await MarketplaceFactory.SignInAsNewUserAsync(factory, Roles.Member);
        var payee = await payeeClient.OpenOwnAccountAsync("food");
        var payer = await payerClient.OpenOwnAccountAsync("food");
        var id = Guid.CreateVersion7();

        // A close in the middle of its batch, as the writer commits it: the exchange locked, the account closed,
        // not yet committed.
        await using var scope = factory.Services.CreateAsyncScope();
        var closing = scope.ServiceProvider.GetRequiredService<LedgerDbContext>();
        await using var transaction = await closing.Database.BeginTransactionAsync();
        await ExchangeLocks.LockAsync(closing, ["food"], CancellationToken.None);
        await closing.Accounts.Where(a => a.Id == payer.Id).ExecuteUpdateAsync(s => s.SetProperty(a => a.Status, AccountStatus.Closed));

        var create = payeeClient.PostAsJsonAsync("/api/ledger/payment-requests",
            new { id, payeeAccountId = payee.Id, payerAccountId = payer.Id, amount = 100, memo = "race", dueDate = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(10) });

        // Wait until the creation either finished (it did not wait for the close: wrong) or waits on a lock.
        var waited = Stopwatch.StartNew();
        while (!create.IsCompleted && !await SomeoneWaitsOnALockAsync(factory))
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(60), "the creation neither finished nor waited on a lock within 60 s");
            await Task.Delay(20);
        }

        Assert.False(create.IsCompleted, $"the request was answered while the close held the exchange lock: {(create.IsCompleted ? (int)(await create).StatusCode : 0)}");
        await transaction.CommitAsync();

        await LedgerApi.AssertProblemAsync(await create, HttpStatusCode.UnprocessableEntity, "account-closed");
        Assert.Equal(0, await WithDbAsync(factory, db => db.PaymentRequests.CountAsync(r => r.Id == id)));
    }

    private static Task<bool> SomeoneWaitsOnALockAsync(MarketplaceFactory factory) => WithDbAsync(factory, async db =>
        await db.Database.SqlQueryRaw<int>(
            "SELECT count(*)::int AS \"Value\" FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'").SingleAsync() > 0);
}
