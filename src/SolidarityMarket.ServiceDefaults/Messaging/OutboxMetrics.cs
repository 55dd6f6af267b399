using System.Diagnostics.Metrics;

namespace SolidarityMarket.ServiceDefaults.Messaging;

/// <summary>
/// The outbox relays' own instrument on the meter <c>SolidarityMarket.Messaging</c> (beside the backlog's gauges,
/// <see cref="MessagingBacklog"/>; tag <c>service</c>): how long a committed row waits in memory before its relay
/// takes it (<see cref="OutboxSignal{TContext}"/>). On a busy two-core machine that wait, not the database, was most
/// of each hop between services (docs/performance.md, "What bounds the rate now").
/// </summary>
public static class OutboxMetrics
{
    /// <summary>The tag naming the service, as on the backlog's gauges.</summary>
    public const string ServiceTag = "service";

    private static readonly Meter Meter = new(MessagingBacklog.MeterName);

    public static readonly Histogram<double> HandOverWait = Meter.CreateHistogram<double>(
        "messaging.outbox.handover_wait", "ms", "Time from an outbox row's commit to its relay taking it for delivery");

    /// <summary>
    /// The service a context type belongs to: its name without "DbContext", lower case ("ordering") — the services'
    /// schema names, which the backlog's gauges use (MessagingMetricsTests keeps the two equal).
    /// </summary>
    public static string ServiceOf(Type contextType) =>
        (contextType.Name.EndsWith("DbContext", StringComparison.Ordinal) ? contextType.Name[..^"DbContext".Length] : contextType.Name).ToLowerInvariant();
}
