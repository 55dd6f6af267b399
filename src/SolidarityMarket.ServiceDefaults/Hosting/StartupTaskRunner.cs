using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace SolidarityMarket.ServiceDefaults.Hosting;

/// <summary>
/// Runs the registered <see cref="IStartupTask"/>s. Registered as the first hosted service, so it completes before
/// the bus, the outbox relays and Hangfire start (hosted services start one after another, in registration order).
/// </summary>
public sealed class StartupTaskRunner(IServiceProvider services, ILogger<StartupTaskRunner> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken) => await RunAllAsync(services, logger, cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public static async Task RunAllAsync(IServiceProvider services, ILogger logger, CancellationToken cancellationToken)
    {
        foreach (var task in services.GetServices<IStartupTask>().OrderBy(t => t.Order))
        {
            logger.LogInformation("Startup task {Task} running", task.GetType().Name);
            await using var scope = services.CreateAsyncScope();
            await task.RunAsync(scope.ServiceProvider, cancellationToken);
        }
    }
}
