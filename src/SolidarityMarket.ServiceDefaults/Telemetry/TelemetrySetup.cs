using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace SolidarityMarket.ServiceDefaults.Telemetry;

public static class TelemetrySetup
{
    /// <summary>
    /// Traces (HTTP in and out, MassTransit) and metrics (HTTP, runtime, MassTransit, the services' own meters
    /// named SolidarityMarket.*), exported over OTLP, collected only when an endpoint is configured
    /// (<c>OTEL_EXPORTER_OTLP_ENDPOINT</c> or <c>Telemetry:OtlpEndpoint</c>).
    /// </summary>
    public static IHostApplicationBuilder AddSolidarityTelemetry(this IHostApplicationBuilder builder, string serviceName)
    {
        // Without an endpoint nothing would read the traces and metrics, yet collecting them is not free: the
        // listeners make ASP.NET Core start an Activity with its tags for every request and record every
        // instrument (a share of the HTTP transfer path's CPU, docs/performance.md). So no endpoint, no collection.
        var endpoint = builder.Configuration["Telemetry:OtlpEndpoint"] ?? builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"];
        if (string.IsNullOrWhiteSpace(endpoint))
        {
            return builder;
        }

        builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(serviceName))
            .WithTracing(t => t.AddAspNetCoreInstrumentation().AddHttpClientInstrumentation().AddSource("MassTransit"))
            .WithMetrics(m => m.AddAspNetCoreInstrumentation().AddHttpClientInstrumentation().AddRuntimeInstrumentation().AddMeter("MassTransit", "SolidarityMarket.*"))
            .UseOtlpExporter(OpenTelemetry.Exporter.OtlpExportProtocol.Grpc, new Uri(endpoint));
        return builder;
    }
}
