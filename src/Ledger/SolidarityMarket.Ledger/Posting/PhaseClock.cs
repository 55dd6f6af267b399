using System.Diagnostics;

namespace SolidarityMarket.Ledger.Posting;

/// <summary>Times the phases of one group commit into <see cref="LedgerMetrics.PhaseDuration"/>, tagged by phase.</summary>
internal sealed class PhaseClock
{
    private long _since = Stopwatch.GetTimestamp();

    public void Lap(string phase)
    {
        var now = Stopwatch.GetTimestamp();
        if (LedgerMetrics.PhaseDuration.Enabled)
        {
            LedgerMetrics.PhaseDuration.Record(Stopwatch.GetElapsedTime(_since, now).TotalMilliseconds, new KeyValuePair<string, object?>("phase", phase));
        }

        _since = now;
    }
}
