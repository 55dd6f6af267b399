using System.Diagnostics;
using MassTransit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace SolidarityMarket.ServiceDefaults.Messaging;

/// <summary>
/// The bus's start-up grace: from the moment the bus begins to start until it is first ready (no longer Unhealthy:
/// Healthy, or Degraded, which readiness answers 200 for), for at most
/// <c>Messaging:BusStartWait</c> (<see cref="DefaultWait"/> by default; 0: none). MassTransit starts the bus in the
/// background, so over RabbitMQ the first readiness probes used to find it "not started": a 503 is right then, but
/// the health checks logged it as an Error (<c>Health check masstransit-bus with status Unhealthy … 'Not ready: not
/// started'</c>) in every normal start. While <see cref="IsStarting"/>, <c>/health/ready</c> answers 503 "starting"
/// without running the checks (<see cref="Web.HealthSetup"/>); a bus still not ready when the grace ends (RabbitMQ
/// unreachable, a topology the broker refuses) is logged here as an error once, and from then on the checks run and
/// report it as before. Nothing waits for it: the process starts, and stops, as without it.
/// </summary>
public sealed class BusStartGrace(IBusControl bus, TimeSpan wait, ILogger<BusStartGrace> logger) : BackgroundService
{
    /// <summary>The default of <c>Messaging:BusStartWait</c>.</summary>
    public static readonly TimeSpan DefaultWait = TimeSpan.FromSeconds(10);

    // How often the bus's health is read during the grace (MassTransit's own wait polls as often).
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    private volatile bool _over = wait <= TimeSpan.Zero;

    /// <summary>
    /// True from the start until the bus is first ready (not Unhealthy) or the grace has run out. Reads the bus's health itself, so a
    /// probe just after the bus got ready is answered by the checks (no lag behind the grace's own polling).
    /// </summary>
    public bool IsStarting()
    {
        if (_over)
        {
            return false;
        }

        if (bus.CheckHealth().Status != BusHealthStatus.Unhealthy)
        {
            _over = true;
            return false;
        }

        return true;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_over)
        {
            return;
        }

        try
        {
            using var poll = new PeriodicTimer(PollInterval);
            var started = Stopwatch.GetTimestamp(); // not the wall clock, which a start-up clock step would move
            var health = bus.CheckHealth();
            while (health.Status == BusHealthStatus.Unhealthy && !_over && Stopwatch.GetElapsedTime(started) < wait && await poll.WaitForNextTickAsync(stoppingToken))
            {
                health = bus.CheckHealth();
            }

            if (health.Status == BusHealthStatus.Unhealthy && !_over)
            {
                logger.LogError(
                    health.Exception,
                    "The bus is {Status} {Wait} after the start of this process ({Description}); /health/ready reports it from now on",
                    health.Status,
                    wait,
                    health.Description);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping during the grace: nothing to report.
        }
        finally
        {
            _over = true;
        }
    }
}
