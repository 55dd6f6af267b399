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

    /// <summary>
    /// Where a batch's time goes, tagged <c>phase</c> (read, lock, load, apply, write, commit): tells whether the
    /// writer is bound by the database, the domain rules or building the rows.
    /// </summary>
    public static readonly Histogram<double> PhaseDuration = Meter.CreateHistogram<double>("ledger.batch.phase", "ms", "Time of one phase of a group commit");

    public static readonly Counter<long> Retries = Meter.CreateCounter<long>("ledger.batch.retries", "{batch}", "Batches re-applied after losing a race or a busy database");
}
