using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SolidarityMarket.ServiceDefaults.Hosting;

namespace SolidarityMarket.ServiceDefaults.Messaging;

/// <summary>
/// Daily job: deletes outbox rows sent more than <c>Messaging:RetainSentDays</c> (7) ago and inbox rows older than
/// <c>Messaging:RetainInboxDays</c> (30). The inbox retention must exceed any redelivery window — a message
/// redelivered after its inbox row is gone would be applied again — so it is four times the outbox's.
/// Unsent rows are never deleted.
/// </summary>
public sealed class MessageLogCleanup<TContext>(TContext db, TimeProvider time, IConfiguration configuration, ILogger<MessageLogCleanup<TContext>> logger)
    where TContext : ServiceDbContext
{
    public async Task<(int Outbox, int Inbox)> RunAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var sentBefore = now.AddDays(-configuration.GetValue("Messaging:RetainSentDays", 7));
        var processedBefore = now.AddDays(-configuration.GetValue("Messaging:RetainInboxDays", 30));
        var outbox = await db.OutboxMessages.Where(m => m.SentAt != null && m.SentAt < sentBefore).ExecuteDeleteAsync(cancellationToken);
        var inbox = await db.InboxMessages.Where(m => m.ProcessedAt < processedBefore).ExecuteDeleteAsync(cancellationToken);
        logger.LogInformation("{Context}: removed {Outbox} sent outbox rows and {Inbox} inbox rows", typeof(TContext).Name, outbox, inbox);
        return (outbox, inbox);
    }
}

/// <summary>Schedules <see cref="MessageLogCleanup{TContext}"/> daily on the owning module's Hangfire queue.</summary>
public sealed class ScheduleMessageLogCleanup<TContext>(string queue) : IStartupTask
    where TContext : ServiceDbContext
{
    public int Order => 50;

    public Task RunAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        services.GetRequiredService<IRecurringJobManager>().AddOrUpdate<MessageLogCleanup<TContext>>(
            $"{queue}-message-log-cleanup", queue, job => job.RunAsync(CancellationToken.None), Cron.Daily(3));
        return Task.CompletedTask;
    }
}
