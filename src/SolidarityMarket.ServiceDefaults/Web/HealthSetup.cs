using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SolidarityMarket.ServiceDefaults.Messaging;
using SolidarityMarket.ServiceDefaults.MessagingAdmin;

namespace SolidarityMarket.ServiceDefaults.Web;

public static class HealthSetup
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// <c>/health/live</c>: the process answers (no dependency checked, so a slow database never restarts it).
    /// <c>/health/ready</c>: 503 "starting" during the bus's start-up grace (<see cref="BusStartGrace"/>), then the checks tagged "ready" — each service database, the bus (MassTransit tags its own
    /// check "ready"), which covers RabbitMQ when it is configured, and "messaging" (stuck outbox rows, failed
    /// deliveries: Degraded at worst). It answers 200 when Healthy or Degraded, 503 when Unhealthy, with a JSON body
    /// giving each check's status, description, data and the type (not the message) of a failing check's exception. Also maps the operator's endpoints for stuck messages
    /// (<see cref="MessagingAdminEndpoints"/>), which the Degraded description points to.
    /// </summary>
    public static IEndpointRouteBuilder MapSolidarityHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        // As MapHealthChecks, with the bus's start-up grace in front of the checks.
        var checks = new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready"), ResponseWriter = WriteJsonAsync };
        var ready = endpoints.CreateApplicationBuilder().Use(AnswerStartingAsync).UseMiddleware<HealthCheckMiddleware>(Options.Create(checks)).Build();
        endpoints.Map("/health/ready", ready).WithDisplayName("Health checks").AllowAnonymous();
        endpoints.MapMessagingAdmin();
        return endpoints;
    }

    /// <summary>
    /// While the bus starts (<see cref="BusStartGrace"/>) readiness is 503 "starting", answered without running the
    /// checks: the bus's check would fail, and the health service log every failed check as an error.
    /// </summary>
    private static async Task AnswerStartingAsync(HttpContext context, RequestDelegate next)
    {
        if (context.RequestServices.GetService<BusStartGrace>() is not { } grace || !grace.IsStarting())
        {
            await next(context);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        // The same no-cache headers as HealthCheckMiddleware's answers.
        context.Response.Headers.CacheControl = "no-store, no-cache";
        context.Response.Headers.Pragma = "no-cache";
        context.Response.Headers.Expires = "Thu, 01 Jan 1970 00:00:00 GMT";
        context.Response.ContentType = "application/json; charset=utf-8";
        await context.Response.WriteAsync(JsonSerializer.Serialize(new { status = "Unhealthy", description = "Starting: the bus is not ready yet." }, Json));
    }

    private static Task WriteJsonAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        var body = new
        {
            status = report.Status.ToString(),
            totalDurationMs = Math.Round(report.TotalDuration.TotalMilliseconds, 1),
            checks = report.Entries.ToDictionary(e => e.Key, e => new
            {
                status = e.Value.Status.ToString(),
                description = e.Value.Description,
                durationMs = Math.Round(e.Value.Duration.TotalMilliseconds, 1),
                // The probe is anonymous: an exception's message can name hosts, databases and user names, so only
                // its type is shown here; the health service logs the whole exception when a check fails.
                error = e.Value.Exception?.GetType().Name,
                data = e.Value.Data,
            }),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body, Json));
    }
}
