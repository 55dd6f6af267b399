using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SolidarityMarket.Ledger.Data;
using SolidarityMarket.Ledger.Domain;
using SolidarityMarket.Ledger.Posting;
using SolidarityMarket.Testing;
using static SolidarityMarket.Ledger.Tests.Posting.LedgerDbAccess;

namespace SolidarityMarket.Ledger.Tests.Posting;

/// <summary>
/// The writer's holder check (ADR 0013) on both providers the tests run: a work whose user holds the account is
/// applied, one whose user does not is refused with the account named and nothing written, and a holder row committed
/// just before the submission counts — also when both sit in the same batch.
/// </summary>
[Collection(AloneCollection.Name)]
public sealed class WriterHolderCheckTests(SqlBatchWriterTests.Hosts hosts) : IClassFixture<SqlBatchWriterTests.Hosts>
{
    public static TheoryData<string> Providers => ["Sqlite", "Postgres"];

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Only_the_holder_of_the_debit_account_is_applied_and_a_holder_added_just_before_counts(string provider)
    {
        var factory = await hosts.GetAsync(provider);
        var payer = await OpenAccountAsync(factory, "holder-a");
        var payee = await OpenAccountAsync(factory, "holder-p");
        var writer = factory.Services.GetRequiredService<LedgerWriter>();

        // Submitted together, so they can share a batch: the holder's applies, the stranger's does not.
        var held = await PlanAsync(factory, writer, payer, payee, 100, "holder-a");
        var stranger = await PlanAsync(factory, writer, payer, payee, 100, "holder-b");
        var results = await Task.WhenAll(writer.SubmitAsync(held, CancellationToken.None), writer.SubmitAsync(stranger, CancellationToken.None));

        Assert.True(results[0].IsAccepted, results[0].ToString());
        Assert.Null(held.RefusedAccountId);
        Assert.False(results[1].IsAccepted);
        Assert.Equal(payer, stranger.RefusedAccountId);
        Assert.Equal((-100L, 100L), await BalancesAsync(factory, payer, payee));
        Assert.False(await TransferExistsAsync(factory, stranger.Command.Requests[0].Id));

        await WithDbAsync(factory, async db =>
        {
            db.Set<AccountHolder>().Add(new AccountHolder { AccountId = payer, UserId = "holder-b" });
            return await db.SaveChangesAsync();
        });
        var now = await PlanAsync(factory, writer, payer, payee, 250, "holder-b");
        var result = await writer.SubmitAsync(now, CancellationToken.None);

        Assert.True(result.IsAccepted, result.ToString());
        Assert.Null(now.RefusedAccountId);
        Assert.Equal((-350L, 350L), await BalancesAsync(factory, payer, payee));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_refused_work_with_the_same_trade_id_in_the_same_batch_leaves_the_applied_trade_s_details_alone(string provider)
    {
        var factory = await hosts.GetAsync(provider);
        var payer = await OpenAccountAsync(factory, "holder-c");
        var payee = await OpenAccountAsync(factory, "holder-q");
        var strangersAccount = await OpenAccountAsync(factory, "holder-d", exchange: "housing");
        var writer = factory.Services.GetRequiredService<LedgerWriter>();

        // The same trade id twice: the holder's same-exchange trade (role Trade), then a non-holder's cross-sector
        // one (its first leg has the same id, role PayerToClearing). Committed as one batch, in that order.
        var tradeId = Guid.NewGuid();
        var held = await PlanAsync(factory, writer, payer, payee, 100, "holder-c", tradeId);
        var stranger = await PlanAsync(factory, writer, strangersAccount, payee, 100, "holder-c", tradeId);
        var results = await WithDbAsync(factory, async db =>
        {
            var committer = new LedgerBatchCommitter(db, writer.Directory, factory.Services.GetRequiredService<IOptions<LedgerOptions>>());
            return await committer.CommitAsync([held, stranger], DateTimeOffset.UtcNow, CancellationToken.None);
        });

        Assert.True(((SubmitResult)results[0]).IsAccepted, results[0].ToString());
        Assert.Equal(strangersAccount, stranger.RefusedAccountId);
        var stored = await WithDbAsync(factory, db => db.Transfers.AsNoTracking().SingleAsync(t => t.Id == tradeId));
        Assert.Equal((tradeId, TradeLegRole.Trade, payer), (stored.TradeId!.Value, stored.TradeRole!.Value, stored.DebitAccountId));
    }

    private static async Task<TransferWork> PlanAsync(
        MarketplaceFactory factory, LedgerWriter writer, Guid payer, Guid payee, long amount, string userId, Guid? tradeId = null) =>
        await WithDbAsync(factory, async db =>
        {
            var planned = await TradePlanning.PlanAsync(
                db, writer.Directory, new TradeIntentInput(tradeId ?? Guid.NewGuid(), payer, payee, amount, "holder check", null, null), CancellationToken.None);
            return TransferWork.ForPlan(planned.Plan!, new HolderCheck(userId, payer));
        });

    private static Task<Guid> OpenAccountAsync(MarketplaceFactory factory, string holder, string exchange = "food") =>
        OpenMemberAccountAsync(factory, "holder check", exchange, holder: holder);

    private static Task<(long, long)> BalancesAsync(MarketplaceFactory factory, Guid payer, Guid payee) => WithDbAsync(factory, async db =>
        (await db.Accounts.AsNoTracking().Where(a => a.Id == payer).Select(a => a.Balance).SingleAsync(),
            await db.Accounts.AsNoTracking().Where(a => a.Id == payee).Select(a => a.Balance).SingleAsync()));

    private static Task<bool> TransferExistsAsync(MarketplaceFactory factory, Guid id) => WithDbAsync(factory, db => db.Transfers.AnyAsync(t => t.Id == id));
}
