using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SolidarityMarket.ServiceDefaults.Messaging;
using SolidarityMarket.ServiceDefaults.MessagingAdmin;
using SolidarityMarket.Testing;

namespace SolidarityMarket.ServiceDefaults.Tests.Messaging;

/// <summary>
/// A delivery whose consumer still fails after the retries is kept in the consuming service's database (the
/// in-memory bus's error queue dies with the process), survives a restart, and an operator replays it once the bug
/// is fixed — applied exactly once — or discards it with a reason that stays on record.
/// </summary>
public sealed class FailedMessagesTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly string _directory = Directory.CreateTempSubdirectory("sm-bus-failed-").FullName;

    [Fact]
    public async Task A_failed_delivery_survives_a_restart_of_the_embedded_host_and_its_replay_after_the_fix_applies_it_exactly_once()
    {
        var widget = Guid.NewGuid();
        string prefix;
        await using (var host = await TestBusHost.StartAsync(Transport.InMemory, _directory))
        {
            prefix = host.Prefix;
            host.CrashPlan.Broken[widget] = true;
            await host.CreateBrokenWidgetAsync(widget);

            var failed = await WaitForFailedAsync(host, widget);
            Assert.Equal(host.BrokenQueue, failed.Queue);
            Assert.Equal(typeof(Contracts.BrokenWidget).FullName, failed.MessageType);
            Assert.Contains(widget.ToString(), failed.Body, StringComparison.Ordinal);
            Assert.Equal(typeof(FailsUntilFixed).FullName, failed.Consumer);
            Assert.Contains("hits a bug", failed.Error, StringComparison.Ordinal);
            Assert.True(failed.Failures >= 1);
            Assert.Equal(FailedMessageStatus.Failed, failed.Status);
            Assert.Equal(0, await host.EffectsAsync(widget));
        }

        // The restarted host has the fix (its CrashPlan is empty) and the same files and queues.
        await using (var restarted = await TestBusHost.StartAsync(Transport.InMemory, _directory, prefix))
        {
            var kept = await restarted.QueryAsync(db => db.FailedMessages.SingleAsync());
            Assert.Equal(FailedMessageStatus.Failed, kept.Status);
            Assert.Equal(0, await restarted.EffectsAsync(widget));

            Assert.Equal(ReplayFailedMessage.Outcome.Replayed, await ReplayAsync(restarted, kept));
            await Eventually.TrueAsync(async () => await restarted.EffectsAsync(widget) == 1, Timeout, "the replayed message applied");

            // A second replay (an operator's double click) reaches the consumer and changes nothing: the inbox has it.
            Assert.Equal(ReplayFailedMessage.Outcome.Replayed, await ReplayAsync(restarted, kept));
            await Eventually.TrueAsync(() => Task.FromResult(restarted.Observed.ConsumedCount(widget) == 2), Timeout, "the second replay consumed");
            Assert.Equal(1, await restarted.EffectsAsync(widget));
            var replayed = await restarted.QueryAsync(db => db.FailedMessages.SingleAsync());
            Assert.Equal(FailedMessageStatus.Replayed, replayed.Status);
            Assert.Equal("admin-1", replayed.ReplayedBy);
            Assert.NotNull(replayed.ReplayedAt);
        }
    }

    [Theory]
    [InlineData(Transport.InMemory)]
    [InlineData(Transport.RabbitMq)]
    public async Task A_replay_that_fails_again_turns_the_row_back_into_failed_and_counts_the_failure(Transport transport)
    {
        await using var host = await TestBusHost.StartAsync(transport);
        var widget = Guid.NewGuid();
        host.CrashPlan.Broken[widget] = true;
        await host.CreateBrokenWidgetAsync(widget);
        var failed = await WaitForFailedAsync(host, widget);

        // Read again: a relay re-send (its broker confirm timed out) may have failed once more meanwhile.
        var before = await host.QueryAsync(db => db.FailedMessages.SingleAsync());
        Assert.Equal(ReplayFailedMessage.Outcome.Replayed, await ReplayAsync(host, failed));

        // The replay marked the row Replayed before sending: Failed again means the replay's failure was recorded.
        await Eventually.TrueAsync(
            () => host.QueryAsync(db => db.FailedMessages.AnyAsync(m => m.Failures > before.Failures && m.Status == FailedMessageStatus.Failed)),
            Timeout, "the replay's failure recorded on the same row");
        Assert.Equal(1, await host.QueryAsync(db => db.FailedMessages.CountAsync()));

        host.CrashPlan.Broken.TryRemove(widget, out _);
        Assert.Equal(ReplayFailedMessage.Outcome.Replayed, await ReplayAsync(host, failed));
        await Eventually.TrueAsync(async () => await host.EffectsAsync(widget) == 1, Timeout, "the replay after the fix applied");
        if (transport == Transport.RabbitMq)
        {
            // Kept in the table, so not parked in the broker's error queue as well (one place to look).
            Assert.Null(await RabbitQueues.GetAsync(await TestServers.RequireRabbitMqAsync(), host.BrokenQueue + "_error"));
        }
    }

    [Fact]
    public async Task A_discarded_delivery_keeps_who_when_and_why_and_is_not_replayed()
    {
        await using var host = await TestBusHost.StartAsync(Transport.InMemory);
        var widget = Guid.NewGuid();
        host.CrashPlan.Broken[widget] = true;
        await host.CreateBrokenWidgetAsync(widget);
        var failed = await WaitForFailedAsync(host, widget);

        var outcome = await WithDbAsync(host, (db, sp) =>
            DiscardFailedMessage.DiscardAsync(db, sp, failed.Queue, failed.MessageId, "admin-2", "Widget deleted by hand; nothing to apply", CancellationToken.None));

        Assert.Equal(DiscardFailedMessage.Outcome.Discarded, outcome);
        var discarded = await host.QueryAsync(db => db.FailedMessages.SingleAsync());
        Assert.Equal(FailedMessageStatus.Discarded, discarded.Status);
        Assert.Equal("admin-2", discarded.DiscardedBy);
        Assert.Equal("Widget deleted by hand; nothing to apply", discarded.DiscardReason);
        Assert.NotNull(discarded.DiscardedAt);
        Assert.Equal(ReplayFailedMessage.Outcome.Discarded, await ReplayAsync(host, failed));
        Assert.Equal(DiscardFailedMessage.Outcome.AlreadyDiscarded, await WithDbAsync(host, (db, sp) =>
            DiscardFailedMessage.DiscardAsync(db, sp, failed.Queue, failed.MessageId, "admin-3", "again", CancellationToken.None)));
        Assert.Equal("admin-2", (await host.QueryAsync(db => db.FailedMessages.SingleAsync())).DiscardedBy);
    }

    private static Task<FailedMessage> WaitForFailedAsync(TestBusHost host, Guid widget) =>
        Eventually.GetAsync(
            () => host.QueryAsync(db => db.FailedMessages.AsNoTracking().Where(m => m.Status == FailedMessageStatus.Failed).FirstOrDefaultAsync(m => m.Body.Contains(widget.ToString()))),
            Timeout, "the failed delivery in FailedMessages");

    private static Task<ReplayFailedMessage.Outcome> ReplayAsync(TestBusHost host, FailedMessage failed) =>
        WithDbAsync(host, (db, sp) => ReplayFailedMessage.ReplayAsync(db, sp, failed.Queue, failed.MessageId, "admin-1", CancellationToken.None));

    private static async Task<T> WithDbAsync<T>(TestBusHost host, Func<ServiceDbContext, IServiceProvider, Task<T>> action)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<TestServiceDbContext>(), scope.ServiceProvider);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
