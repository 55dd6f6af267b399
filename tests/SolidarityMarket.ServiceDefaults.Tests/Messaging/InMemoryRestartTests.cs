using Microsoft.EntityFrameworkCore;
using SolidarityMarket.ServiceDefaults.Messaging;
using SolidarityMarket.Testing;

namespace SolidarityMarket.ServiceDefaults.Tests.Messaging;

/// <summary>
/// The in-memory bus keeps its queues in RAM: what it held when the process stopped is gone. The outbox must not
/// count such a message as delivered — the next start on the same files sends it again (and the inbox absorbs the
/// copies of messages that had been consumed).
/// </summary>
public sealed class InMemoryRestartTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly string _directory = Directory.CreateTempSubdirectory("sm-bus-restart-").FullName;

    [Fact]
    public async Task A_message_marked_sent_whose_consumer_the_stop_cut_short_is_applied_after_the_restart_and_a_consumed_one_is_not_applied_twice()
    {
        var consumed = Guid.NewGuid();
        var cutShort = Guid.NewGuid();
        await using (var host = await TestBusHost.StartAsync(Transport.InMemory, _directory))
        {
            await host.CreateHeldWidgetAsync(consumed);
            await Eventually.TrueAsync(async () => await host.EffectsAsync(consumed) == 1, Timeout, "the first widget's effect");

            host.CrashPlan.HoldUntilStopping[cutShort] = false;
            await host.CreateHeldWidgetAsync(cutShort);
            await Eventually.TrueAsync(() => Task.FromResult(host.CrashPlan.HoldUntilStopping[cutShort]), Timeout, "the consumer holding the second widget");
            await Eventually.TrueAsync(() => host.QueryAsync(db => db.OutboxMessages.AllAsync(m => m.SentAt != null)), Timeout, "both rows marked sent");
        }

        Assert.True(File.Exists(Path.Combine(_directory, InMemoryDeliveryWatermark.FileName)), "the stopping host recorded its watermark");

        await using (var restarted = await TestBusHost.StartAsync(Transport.InMemory, _directory))
        {
            try
            {
                await Eventually.TrueAsync(async () => await restarted.EffectsAsync(cutShort) == 1, Timeout, "the cut-short widget's effect after the restart");
            }
            catch (TimeoutException timeout)
            {
                // Seen once in CI (2026-11-30), never here: say where the message stood, for the next time.
                throw new TimeoutException($"{timeout.Message} {await DescribeAsync(restarted)}", timeout);
            }

            await Eventually.TrueAsync(() => restarted.QueryAsync(db => db.OutboxMessages.AllAsync(m => m.SentAt != null)), Timeout, "the re-sent row marked sent again");
            Assert.Equal(1, await restarted.EffectsAsync(consumed));
            Assert.Equal(1, await restarted.EffectsAsync(cutShort));
        }
    }

    [Fact]
    public async Task A_row_a_crashed_process_claimed_at_commit_and_never_delivered_goes_out_at_the_next_start_not_when_its_claim_runs_out()
    {
        var widget = Guid.NewGuid();
        await using (await TestBusHost.StartAsync(Transport.InMemory, _directory))
        {
            // A first process creates the database; it stops before the row below exists.
        }

        // What a process that died between its commit and the hand-over leaves (ADR 0029): an unsent row claimed for a
        // relay that no longer exists, for far longer than this test waits. Written without the host (no interceptor).
        var options = new DbContextOptionsBuilder<TestSqliteDbContext>().UseSqlite($"Data Source={Path.Combine(_directory, "testsvc.db")}").Options;
        await using (var db = new TestSqliteDbContext(options))
        {
            var now = DateTimeOffset.UtcNow;
            db.Widgets.Add(new Widget { Id = widget });
            db.OutboxMessages.Add(new OutboxMessage
            {
                Id = Guid.NewGuid(), MessageType = typeof(Contracts.WidgetCreated).FullName!, Body = $$"""{"widgetId":"{{widget}}"}""",
                CreatedAt = now, NextAttemptAt = now, LockToken = Guid.NewGuid(), LockedUntil = now.AddHours(1),
            });
            await db.SaveChangesAsync();
        }

        await using var restarted = await TestBusHost.StartAsync(Transport.InMemory, _directory);
        await Eventually.TrueAsync(async () => await restarted.EffectsAsync(widget) == 1, Timeout, "the orphaned row's effect after the restart");
        await Eventually.TrueAsync(() => restarted.QueryAsync(db => db.OutboxMessages.AllAsync(m => m.SentAt != null)), Timeout, "the row marked sent");
    }

    /// <summary>The outbox rows, failed deliveries and effects as the restarted host sees them.</summary>
    private static async Task<string> DescribeAsync(TestBusHost host)
    {
        var rows = await host.QueryAsync(db => db.OutboxMessages.AsNoTracking().OrderBy(m => m.CreatedAt).ToListAsync());
        var failed = await host.QueryAsync(db => db.FailedMessages.AsNoTracking().ToListAsync());
        var effects = await host.QueryAsync(db => db.Effects.AsNoTracking().ToListAsync());
        return "Outbox: " + string.Join("; ", rows.Select(m =>
                $"{m.Id} {m.MessageType.Split('.')[^1]} sent={m.SentAt:O} attempts={m.Attempts} next={m.NextAttemptAt:O} locked={m.LockedUntil:O} error={m.LastError}"))
            + $". Failed deliveries: {string.Join("; ", failed.Select(f => $"{f.MessageId} on {f.Queue}: {f.Status}"))}"
            + $". Effects: {string.Join(", ", effects.Select(e => e.WidgetId))}. Deliveries pending in this process: {(host.Services.GetService(typeof(InMemoryDeliveries)) is InMemoryDeliveries d ? d.PendingCount : -1)}.";
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
