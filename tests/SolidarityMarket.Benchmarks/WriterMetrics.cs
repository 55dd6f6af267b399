using System.Diagnostics.Metrics;
using SolidarityMarket.Ledger.Posting;

namespace SolidarityMarket.Benchmarks;

/// <summary>
/// Listens to the ledger's own meter (<see cref="LedgerMetrics"/>): how many requests each group commit carried,
/// how long each commit took, and how many batches were retried — the figures that explain the throughput.
/// </summary>
public sealed class WriterMetrics : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly object _gate = new();
    private List<int> _sizes = [];
    private List<double> _durations = [];
    private long _retries;
    private Dictionary<string, double> _phases = [];

    public WriterMetrics()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == LedgerMetrics.MeterName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<int>((instrument, value, _, _) =>
        {
            if (instrument.Name == "ledger.batch.size")
            {
                lock (_gate)
                {
                    _sizes.Add(value);
                }
            }
        });
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) =>
        {
            if (instrument.Name == "ledger.batch.phase" && tags.Length > 0 && tags[0].Value is string phase)
            {
                lock (_gate)
                {
                    _phases[phase] = _phases.GetValueOrDefault(phase) + value;
                }
            }
            else if (instrument.Name == "ledger.batch.duration")
            {
                lock (_gate)
                {
                    _durations.Add(value);
                }
            }
        });
        _listener.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
        {
            if (instrument.Name == "ledger.batch.retries")
            {
                Interlocked.Add(ref _retries, value);
            }
        });
        _listener.Start();
    }

    /// <summary>Forgets everything recorded so far (after a warm-up).</summary>
    public void Reset()
    {
        lock (_gate)
        {
            _sizes = [];
            _durations = [];
            _phases = [];
        }

        Interlocked.Exchange(ref _retries, 0);
    }

    public int Batches
    {
        get
        {
            lock (_gate)
            {
                return _sizes.Count;
            }
        }
    }

    /// <summary>One line: batches, their sizes and commit times since the last reset.</summary>
    public string Describe()
    {
        int[] sizes;
        double[] durations;
        KeyValuePair<string, double>[] phases;
        lock (_gate)
        {
            sizes = [.. _sizes.Order()];
            durations = [.. _durations.Order()];
            phases = [.. _phases];
        }

        if (sizes.Length == 0)
        {
            return "writer: no batches recorded";
        }

        var asDoubles = sizes.Select(s => (double)s).ToArray();
        return $"writer: {sizes.Length:N0} batches, size mean {sizes.Average():0.0} / p50 {Stats.Percentile(asDoubles, 50):0} / max {sizes[^1]}; " +
            $"commit ms mean {durations.Average():0.00} / p50 {Stats.Percentile(durations, 50):0.00} / p99 {Stats.Percentile(durations, 99):0.00}; " +
            $"retried batches {Interlocked.Read(ref _retries)}" +
            (phases.Length == 0 ? "" : "\n   writer phases, ms per batch: " + string.Join(", ", phases.Select(p => $"{p.Key} {p.Value / sizes.Length:0.00}")));
    }

    public void Dispose() => _listener.Dispose();
}
