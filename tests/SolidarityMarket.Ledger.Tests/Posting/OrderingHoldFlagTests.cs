using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SolidarityMarket.Ledger.Data;
using SolidarityMarket.Ledger.Domain;
using SolidarityMarket.Ledger.Posting;
using SolidarityMarket.Testing;
using static SolidarityMarket.Ledger.Tests.Posting.LedgerDbAccess;

namespace SolidarityMarket.Ledger.Tests.Posting;

/// <summary>
/// Ordering's holds are marked as such on every leg, through the writer's batched SQL path and the migrations of both
/// providers the tests run, and nothing else is: the mark is what keeps the API from settling an order's payment.
/// </summary>
[Collection(AloneCollection.Name)]
public sealed class OrderingHoldFlagTests(SqlBatchWriterTests.Hosts hosts) : IClassFixture<SqlBatchWriterTests.Hosts>
{
    public static TheoryData<string> Providers => ["Sqlite", "Postgres"];

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Every_leg_of_an_Ordering_hold_is_marked_and_a_members_hold_and_the_settlement_are_not(string provider)
    {
        var factory = await hosts.GetAsync(provider);
        var payer = await OpenAccountAsync(factory, "food");
        var payee = await OpenAccountAsync(factory, "housing");
        var writer = factory.Services.GetRequiredService<LedgerWriter>();
        var ordering = await PlanHoldAsync(factory, writer, payer, payee);
        var member = await PlanHoldAsync(factory, writer, payer, payee);

        var results = await Task.WhenAll(
            writer.SubmitAsync(TransferWork.ForPlan(ordering, placedByOrdering: true), CancellationToken.None),
            writer.SubmitAsync(TransferWork.ForPlan(member), CancellationToken.None));
        Assert.All(results, r => Assert.True(r.IsAccepted, r.ToString()));
        var voided = await writer.SubmitAsync(
            new TransferWork(LedgerCommand.SubmitLinked(TradePlanner.PlanVoid(ordering))) { SettlesTradeId = ordering.TradeId }, CancellationToken.None);
        Assert.True(voided.IsAccepted, voided.ToString());

        var rows = await WithDbAsync(factory, db => db.Transfers.AsNoTracking()
            .Where(t => t.TradeId == ordering.TradeId || t.TradeId == member.TradeId)
            .Select(t => new { t.TradeId, t.Kind, t.PlacedByOrdering }).ToListAsync());
        Assert.Equal(ordering.Legs.Count, rows.Count(r => r.TradeId == ordering.TradeId && r.Kind == TransferKind.Pending && r.PlacedByOrdering));
        Assert.True(ordering.Legs.Count >= 2, "a cross-sector hold has at least two legs");
        Assert.Equal(ordering.Legs.Count, rows.Count(r => r.TradeId == ordering.TradeId && r.Kind == TransferKind.VoidPending && !r.PlacedByOrdering));
        Assert.Equal(member.Legs.Count, rows.Count(r => r.TradeId == member.TradeId && !r.PlacedByOrdering));
    }

    private static Task<TradePlan> PlanHoldAsync(MarketplaceFactory factory, LedgerWriter writer, Guid payer, Guid payee) => WithDbAsync(factory, async db =>
    {
        var planned = await TradePlanning.PlanAsync(
            db, writer.Directory, new TradeIntentInput(Guid.NewGuid(), payer, payee, 500, "order", Guid.NewGuid().ToString(), TimeSpan.FromHours(1)), CancellationToken.None);
        return planned.Plan ?? throw new InvalidOperationException(planned.Rejection!.ToString());
    });

    private static Task<Guid> OpenAccountAsync(MarketplaceFactory factory, string exchange) => OpenMemberAccountAsync(factory, "ordering hold", exchange);
}
