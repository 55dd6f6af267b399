using System.Diagnostics.Metrics;
using System.Globalization;
using SolidarityMarket.ServiceDefaults.Messaging;

namespace SolidarityMarket.Benchmarks;

/// <summary>
/// Listens to <see cref="OutboxMetrics.HandOverWait"/> in this process (the embedded host): how long each service's
/// committed outbox rows waited for their relay, the part of every hop between services that is neither the
/// database nor the consumer (docs/performance.md, "What bounds the rate now").
/// </summary>
public sealed class HandOverWaits : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly Dictionary<string, List<double>> _waits = [];

    public HandOverWaits()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument == OutboxMetrics.HandOverWait)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<double>((_, value, tags, _) =>
        {
            var service = tags.ToArray().FirstOrDefault(t => t.Key == OutboxMetrics.ServiceTag).Value as string ?? "?";
            lock (_waits)
            {
                if (!_waits.TryGetValue(service, out var list))
                {
                    _waits[service] = list = [];
                }

                list.Add(value);
            }
        });
        _listener.Start();
    }

    /// <summary>One line per service: rows taken, p50 / p95 / mean wait in ms.</summary>
    public IEnumerable<string> Describe()
    {
        lock (_waits)
        {
            foreach (var (service, waits) in _waits.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            {
                var sorted = waits.Order().ToArray();
                yield return string.Create(CultureInfo.InvariantCulture,
                    $"{service}: {sorted.Length:N0} rows, p50 {Stats.Percentile(sorted, 50):0.0} ms, p95 {Stats.Percentile(sorted, 95):0.0} ms, mean {sorted.Average():0.0} ms");
            }
        }
    }

    public void Dispose() => _listener.Dispose();
}
