using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SolidarityMarket.ServiceDefaults.Hosting;

namespace SolidarityMarket.ServiceDefaults.Messaging;

/// <summary>
/// At start, on the in-memory bus only: marks unsent again the rows that the previous process handed to its bus
/// after its last watermark (<see cref="InMemoryDeliveries"/>) — those it cannot prove every consumer finished. The
/// relay sends them again; the inboxes turn the copies of consumed ones into no-ops. A second of margin covers the
/// database's rounding of timestamps. Without a watermark (the first start) there is nothing to re-send. Before that,
/// it releases the claims the previous process left on unsent rows, so they go out at once.
/// </summary>
public sealed class ResendUnconfirmedInMemoryDeliveries<TContext> : IStartupTask
    where TContext : ServiceDbContext
{
    public int Order => 30;

    public async Task RunAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        // A one-shot command (migrate, grant-admin) delivers nothing, and a host may be serving on these files.
        if (services.GetService<InMemoryDeliveries>() is null
            || services.GetRequiredService<IConfiguration>().GetValue<bool>(MessagingExtensions.DeployTopologyOnlyKey))
        {
            return;
        }

        // The in-memory bus cannot reach another process, so no other relay shares this database: a claim left on an
        // unsent row is the previous process's (rows it committed and had not delivered, OutboxSignal) and is
        // released now rather than when it runs out.
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var db = services.GetRequiredService<TContext>();
        await db.OutboxMessages.Where(m => m.SentAt == null && m.LockToken != null).ReleaseClaimsAsync(cancellationToken);

        if (InMemoryDeliveryWatermark.Read(services.GetRequiredService<IConfiguration>()) is not { } watermark)
        {
            return;
        }

        var since = watermark - TimeSpan.FromSeconds(1);
        var count = await db.OutboxMessages.Where(m => m.SentAt != null && m.SentAt >= since)
            .ExecuteUpdateAsync(s => s
                .SetProperty(m => m.SentAt, (DateTimeOffset?)null)
                .SetProperty(m => m.NextAttemptAt, now)
                .SetProperty(m => m.LockToken, (Guid?)null)
                .SetProperty(m => m.LockedUntil, (DateTimeOffset?)null), cancellationToken);
        if (count > 0)
        {
            services.GetRequiredService<ILogger<ResendUnconfirmedInMemoryDeliveries<TContext>>>().LogWarning(
                "{Context}: re-sending {Count} messages the previous process handed to its in-memory bus after {Watermark} without seeing every consumer finish",
                typeof(TContext).Name, count, watermark);
        }
    }
}
