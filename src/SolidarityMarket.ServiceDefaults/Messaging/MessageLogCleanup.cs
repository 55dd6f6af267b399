using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SolidarityMarket.ServiceDefaults.Hosting;
using SolidarityMarket.ServiceDefaults.Jobs;

namespace SolidarityMarket.ServiceDefaults.Messaging;

/// <summary>
/// Daily job: deletes outbox rows sent more than <c>Messaging:RetainSentDays</c> (7) ago and inbox rows older than
/// <c>Messaging:RetainInboxDays</c> (30), <see cref="MessageLogRetention.BatchSize"/> rows per statement so that no
/// delete holds SQLite's write lock (or escalates to a table lock on SQL Server) for long while business writes wait.
/// Unsent rows are never deleted.
/// </summary>
public sealed class MessageLogCleanup<TContext>(TContext db, TimeProvider time, IConfiguration configuration, ILogger<MessageLogCleanup<TContext>> logger)
    where TContext : ServiceDbContext
{
    public async Task<(int Outbox, int Inbox)> RunAsync(CancellationToken cancellationToken)
    {
        var retention = MessageLogRetention.From(configuration);
        var now = time.GetUtcNow();
        var sentBefore = now.AddDays(-retention.SentDays);
        var processedBefore = now.AddDays(-retention.InboxDays);
        var outbox = await DeleteInBatchesAsync(db.OutboxMessages.Where(m => m.SentAt != null && m.SentAt < sentBefore), retention.BatchSize, cancellationToken);
        var inbox = await DeleteInBatchesAsync(db.InboxMessages.Where(m => m.ProcessedAt < processedBefore), retention.BatchSize, cancellationToken);
        logger.LogInformation("{Context}: removed {Outbox} sent outbox rows and {Inbox} inbox rows", typeof(TContext).Name, outbox, inbox);
        return (outbox, inbox);
    }

    private static async Task<int> DeleteInBatchesAsync<T>(IQueryable<T> rows, int batchSize, CancellationToken cancellationToken)
    {
        var total = 0;
        int deleted;
        do
        {
            // Each statement is its own short transaction; writers get the lock between them.
            deleted = await rows.Take(batchSize).ExecuteDeleteAsync(cancellationToken);
            total += deleted;
        }
        while (deleted == batchSize);

        return total;
    }
}

/// <summary>
/// The message logs' retention (section <c>Messaging</c>), checked when the cleanup is scheduled so that a wrong
/// value stops the start instead of quietly removing the inbox's memory. The inbox must remember a message as long as
/// a copy of it can still arrive: a relay that died after the broker's confirm and before marking its row sent sends
/// the row again when it comes back, which may be days later; hence at least <see cref="MinimumInboxDays"/> days.
/// </summary>
public sealed record MessageLogRetention(int SentDays, int InboxDays, int BatchSize)
{
    public const int MinimumInboxDays = 7;

    public static MessageLogRetention From(IConfiguration configuration)
    {
        var retention = new MessageLogRetention(
            configuration.GetValue("Messaging:RetainSentDays", 7),
            configuration.GetValue("Messaging:RetainInboxDays", 30),
            configuration.GetValue("Messaging:CleanupBatchSize", 10_000));
        if (retention.SentDays < 1 || retention.InboxDays < MinimumInboxDays || retention.BatchSize < 1)
        {
            throw new InvalidOperationException(
                $"Messaging:RetainSentDays must be at least 1 (is {retention.SentDays}), Messaging:RetainInboxDays at least {MinimumInboxDays} " +
                $"(is {retention.InboxDays}) and Messaging:CleanupBatchSize at least 1 (is {retention.BatchSize}): the inbox must outlive every copy of a message that can still arrive.");
        }

        return retention;
    }
}

/// <summary>Schedules <see cref="MessageLogCleanup{TContext}"/> daily on the owning module's Hangfire queue.</summary>
public sealed class ScheduleMessageLogCleanup<TContext>(string queue) : IStartupTask
    where TContext : ServiceDbContext
{
    public int Order => 50;

    public Task RunAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        MessageLogRetention.From(services.GetRequiredService<IConfiguration>());
        RecurringJobRegistration.Register(services, $"{queue} message log cleanup", jobs => jobs.AddOrUpdate<MessageLogCleanup<TContext>>(
            $"{queue}-message-log-cleanup", queue, job => job.RunAsync(CancellationToken.None), Cron.Daily(3)));
        return Task.CompletedTask;
    }
}
