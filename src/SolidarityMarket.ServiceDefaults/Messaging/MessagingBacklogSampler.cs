using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace SolidarityMarket.ServiceDefaults.Messaging;

/// <summary>Refreshes the <see cref="MessagingBacklog"/> reading every <see cref="MessagingHealthOptions.SampleInterval"/>.</summary>
public sealed class MessagingBacklogSampler(
    IServiceScopeFactory scopes,
    MessagingBacklog backlog,
    IOptions<MessagingHealthOptions> options,
    TimeProvider time,
    ILogger<MessagingBacklogSampler> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                foreach (var db in ServiceDatabases.All(scope.ServiceProvider))
                {
                    await backlog.ReadAsync(db, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // A database briefly away (or not migrated yet at start): the gauges keep the last reading.
                logger.LogDebug(ex, "Could not read the messaging backlog");
            }

            try
            {
                await Task.Delay(options.Value.SampleInterval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
