using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Routing;

namespace SolidarityMarket.ServiceDefaults.Web;

public static class HealthSetup
{
    /// <summary>
    /// <c>/health/live</c>: the process answers (no dependency checked, so a slow database never restarts it).
    /// <c>/health/ready</c>: checks tagged "ready" — each service database and the bus (MassTransit tags its own
    /// check "ready"), which covers RabbitMQ when it is configured.
    /// </summary>
    public static IEndpointRouteBuilder MapSolidarityHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        endpoints.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") }).AllowAnonymous();
        return endpoints;
    }
}
