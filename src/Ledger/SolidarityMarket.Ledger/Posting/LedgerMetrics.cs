using System.Diagnostics.Metrics;

namespace SolidarityMarket.Ledger.Posting;

/// <summary>
/// Meter "SolidarityMarket.Ledger": how many requests each group commit carried and how long it took, so the
/// effect of batching is visible in production (exported with the other OpenTelemetry metrics).
/// </summary>
public static class LedgerMetrics
{
    public const string MeterName = "SolidarityMarket.Ledger";

    private static readonly Meter Meter = new(MeterName);

    public static readonly Histogram<int> BatchSize = Meter.CreateHistogram<int>("ledger.batch.size", "{request}", "Requests applied per group commit");

    public static readonly Histogram<double> BatchDuration = Meter.CreateHistogram<double>("ledger.batch.duration", "ms", "Time to apply and commit one batch");

    public static readonly Counter<long> Retries = Meter.CreateCounter<long>("ledger.batch.retries", "{batch}", "Batches re-applied after losing a race or a busy database");
}
