using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using SolidarityMarket.ServiceDefaults.Messaging;

namespace SolidarityMarket.ServiceDefaults.Tests.Messaging;

public sealed class MessageLogCleanupTests
{
    [Fact]
    public async Task Cleanup_removes_old_sent_outbox_and_old_inbox_rows_and_never_unsent_ones()
    {
        await using var host = await TestBusHost.StartAsync(Transport.InMemory);
        var now = new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TestServiceDbContext>();
        // Far in the future so the running relay never picks the unsent row during the test.
        var never = now.AddYears(50);
        db.OutboxMessages.AddRange(
            Row("old-sent", sentAt: now.AddDays(-8), nextAttempt: never),
            Row("recent-sent", sentAt: now.AddDays(-6), nextAttempt: never),
            Row("old-unsent", sentAt: null, nextAttempt: never));
        db.InboxMessages.AddRange(
            new InboxMessage { MessageId = Guid.NewGuid(), Consumer = "old", ProcessedAt = now.AddDays(-31) },
            new InboxMessage { MessageId = Guid.NewGuid(), Consumer = "recent", ProcessedAt = now.AddDays(-29) });
        await db.SaveChangesAsync();

        var cleanup = new MessageLogCleanup<TestServiceDbContext>(db, new FakeTimeProvider(now), new ConfigurationBuilder().Build(), NullLogger<MessageLogCleanup<TestServiceDbContext>>.Instance);
        var removed = await cleanup.RunAsync(CancellationToken.None);

        Assert.Equal((1, 1), removed);
        Assert.Equal(["old-unsent", "recent-sent"], await db.OutboxMessages.Select(m => m.MessageType).OrderBy(t => t).ToListAsync());
        Assert.Equal(["recent"], await db.InboxMessages.Select(m => m.Consumer).ToListAsync());
    }

    private static OutboxMessage Row(string name, DateTimeOffset? sentAt, DateTimeOffset nextAttempt) => new()
    {
        Id = Guid.NewGuid(),
        MessageType = name,
        Body = "{}",
        CreatedAt = nextAttempt,
        NextAttemptAt = nextAttempt,
        SentAt = sentAt,
    };
}
