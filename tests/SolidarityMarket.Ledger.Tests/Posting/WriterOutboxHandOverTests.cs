using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SolidarityMarket.Ledger.Data;
using SolidarityMarket.Ledger.Domain;
using SolidarityMarket.Ledger.Posting;
using SolidarityMarket.ServiceDefaults.Messaging;
using SolidarityMarket.Testing;
using static SolidarityMarket.Ledger.Tests.Posting.LedgerDbAccess;

namespace SolidarityMarket.Ledger.Tests.Posting;

/// <summary>
/// The writer's batched SQL path bypasses SaveChanges, so it claims its events for this process's relay and hands them
/// over at commit itself (docs/adr/0029). A signal of the test's own stands in for the relay's: the host's relay polls,
/// and rows claimed for another token are not its to take, so what reaches the test's signal is exactly what the
/// committer handed over.
/// </summary>
[Collection(AloneCollection.Name)]
public sealed class WriterOutboxHandOverTests(SqlBatchWriterTests.Hosts hosts) : IClassFixture<SqlBatchWriterTests.Hosts>
{
    public static TheoryData<string> Providers => ["Sqlite", "Postgres"];

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_committed_batch_claims_its_events_for_this_process_and_hands_them_over_and_its_replay_hands_over_nothing(string provider)
    {
        var factory = await hosts.GetAsync(provider);
        var payer = await OpenMemberAccountAsync(factory, "hand-over payer");
        var payee = await OpenMemberAccountAsync(factory, "hand-over payee");
        var signal = new OutboxSignal<LedgerDbContext>();
        var writer = factory.Services.GetRequiredService<LedgerWriter>();
        var plan = await WithDbAsync(factory, async db => (await TradePlanning.PlanAsync(
            db, writer.Directory, new TradeIntentInput(Guid.NewGuid(), payer, payee, 700, "hand-over", null, null), CancellationToken.None)).Plan!);

        var results = await CommitAsync(factory, signal, TransferWork.ForPlan(plan));

        Assert.True(((SubmitResult)Assert.Single(results)).IsAccepted);
        var handed = signal.Take(100);
        var stored = await WithDbAsync(factory, db => db.OutboxMessages.AsNoTracking().Where(m => m.LockToken == signal.Token).ToListAsync());
        Assert.NotEmpty(handed);
        Assert.Equal(stored.Select(m => m.Id).Order(), handed.Select(m => m.Id).Order());
        Assert.All(stored, m => Assert.Null(m.SentAt));
        Assert.Contains(handed, m => m.MessageType.EndsWith(".TransferPosted", StringComparison.Ordinal) && m.Body.Contains(plan.Legs[0].Request.Id.ToString(), StringComparison.OrdinalIgnoreCase));

        // The client's retry of the same transfers: the stored result, no new rows, nothing handed over.
        var replay = (SubmitResult)Assert.Single(await CommitAsync(factory, signal, TransferWork.ForPlan(plan)));
        Assert.True(replay.IsAccepted && replay.IsReplay, replay.ToString());
        Assert.Empty(signal.Take(100));
        Assert.Equal(stored.Count, await WithDbAsync(factory, db => db.OutboxMessages.CountAsync(m => m.LockToken == signal.Token)));
    }

    private static Task<IReadOnlyList<object>> CommitAsync(MarketplaceFactory factory, OutboxSignal<LedgerDbContext> signal, LedgerWork work) => WithDbAsync(factory, db =>
        new LedgerBatchCommitter(db, factory.Services.GetRequiredService<LedgerWriter>().Directory, factory.Services.GetRequiredService<IOptions<LedgerOptions>>(), signal)
            .CommitAsync([work], DateTimeOffset.UtcNow, CancellationToken.None));
}
