using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using SolidarityMarket.ServiceDefaults.Telemetry;

namespace SolidarityMarket.ServiceDefaults.Tests.Telemetry;

/// <summary>Traces and metrics are collected when an OTLP endpoint is configured, and not at all without one.</summary>
public sealed class TelemetrySetupTests
{
    [Theory]
    [InlineData(null, false)]
    [InlineData("http://127.0.0.1:4317", true)]
    public void Traces_and_metrics_are_collected_only_with_an_endpoint(string? endpoint, bool collected)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Telemetry:OtlpEndpoint"] = endpoint, ["OTEL_EXPORTER_OTLP_ENDPOINT"] = null });
        builder.AddSolidarityTelemetry("solidarity-market-test");

        using var host = builder.Build();

        Assert.Equal(collected, host.Services.GetService<TracerProvider>() is not null);
        Assert.Equal(collected, host.Services.GetService<MeterProvider>() is not null);
    }
}
