using MassTransit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace SolidarityMarket.ServiceDefaults.Messaging;

/// <summary>
/// Holds the hosted services registered after the bus — the web server above all, which the web host starts last —
/// until the bus is ready (healthy), for at most <c>Messaging:BusStartWait</c> (<see cref="DefaultWait"/> by default). MassTransit's
/// hosted service starts the bus in the background, so over RabbitMQ the server used to answer the first readiness
/// probe while the bus was still "not started": a 503 and an Error line (<c>Health check masstransit-bus with status
/// Unhealthy … 'Not ready: not started'</c>) in a normal start. A bus still not ready after the wait (RabbitMQ
/// unreachable, a topology the broker refuses) is logged here as an error, and the start goes on: the process serves,
/// and <c>/health/ready</c> answers 503 (and the health checks log it) until the bus is ready.
/// </summary>
public sealed class BusStartGate(IBusControl bus, TimeSpan wait, ILogger<BusStartGate> logger) : IHostedService
{
    /// <summary>The default of <c>Messaging:BusStartWait</c>.</summary>
    public static readonly TimeSpan DefaultWait = TimeSpan.FromSeconds(10);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var status = await bus.WaitForHealthStatus(BusHealthStatus.Healthy, wait).WaitAsync(cancellationToken);
        if (status == BusHealthStatus.Healthy)
        {
            return;
        }

        var health = bus.CheckHealth();
        logger.LogError(
            health.Exception,
            "The bus is {Status} {Wait} after the start of this process ({Description}); it goes on serving, and /health/ready answers 503 until the bus is ready",
            health.Status,
            wait,
            health.Description);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
