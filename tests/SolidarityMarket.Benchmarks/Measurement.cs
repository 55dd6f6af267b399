using System.Collections.Concurrent;
using System.Diagnostics;

namespace SolidarityMarket.Benchmarks;

/// <summary>What one call did.</summary>
public enum Outcome
{
    Accepted,
    Replay,
    Rejected,
    Failed,
}

/// <summary>The figures of one measured run.</summary>
public sealed class RunResult
{
    public required string Name { get; init; }

    public required int Attempted { get; init; }

    public required int Accepted { get; init; }

    public required int Rejected { get; init; }

    public required int Failed { get; init; }

    public required TimeSpan Elapsed { get; init; }

    /// <summary>Latency of each call (or, for the raw storage limit, of each batch), sorted, in milliseconds.</summary>
    public required double[] LatenciesMs { get; init; }

    /// <summary>What a latency is of: "call" or "batch of N".</summary>
    public string LatencyUnit { get; init; } = "call";

    /// <summary>Extra lines for the report: batch sizes, retries, first errors, verification.</summary>
    public List<string> Notes { get; } = [];

    /// <summary>Accepted transfers per second of wall-clock time.</summary>
    public double PerSecond => Accepted / Elapsed.TotalSeconds;

    public double Percentile(double p) => Stats.Percentile(LatenciesMs, p);
}

public static class Stats
{
    /// <summary>Nearest-rank percentile of an already sorted array; NaN when empty.</summary>
    public static double Percentile(double[] sorted, double p)
    {
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        var rank = (int)Math.Ceiling(p / 100.0 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }

    public static double Mean(IReadOnlyCollection<double> values) => values.Count == 0 ? double.NaN : values.Average();
}

/// <summary>
/// Runs <c>total</c> calls from <c>callers</c> concurrent tasks (each takes the next call as soon as its previous
/// one has completed — a closed loop, like users waiting for their answer) and times every call.
/// </summary>
public static class ClosedLoop
{
    public static async Task<RunResult> RunAsync(
        string name, int callers, int total, TimeSpan maxDuration, Func<int, Func<Task<Outcome>>> createCaller)
    {
        var errors = new ConcurrentQueue<string>();
        var counts = new int[4];
        var next = -1;
        var callerFunctions = Enumerable.Range(0, callers).Select(createCaller).ToArray();
        var latencies = new List<long>[callers];
        var started = Stopwatch.GetTimestamp();
        var deadline = started + (long)(maxDuration.TotalSeconds * Stopwatch.Frequency);

        var tasks = Enumerable.Range(0, callers).Select(c => Task.Run(async () =>
        {
            var mine = latencies[c] = new List<long>(total / callers + 1);
            var call = callerFunctions[c];
            while (Interlocked.Increment(ref next) < total && Stopwatch.GetTimestamp() < deadline)
            {
                var before = Stopwatch.GetTimestamp();
                Outcome outcome;
                try
                {
                    outcome = await call();
                }
                catch (Exception ex)
                {
                    outcome = Outcome.Failed;
                    if (errors.Count < 5)
                    {
                        errors.Enqueue(ex.GetType().Name + ": " + ex.Message.ReplaceLineEndings(" "));
                    }
                }

                mine.Add(Stopwatch.GetTimestamp() - before);
                Interlocked.Increment(ref counts[(int)outcome]);
            }
        })).ToArray();
        await Task.WhenAll(tasks);
        var elapsed = Stopwatch.GetElapsedTime(started);

        var sorted = latencies.SelectMany(l => l ?? []).Select(TicksToMs).Order().ToArray();
        var result = new RunResult
        {
            Name = name,
            Attempted = sorted.Length,
            Accepted = counts[(int)Outcome.Accepted],
            Rejected = counts[(int)Outcome.Rejected] + counts[(int)Outcome.Replay],
            Failed = counts[(int)Outcome.Failed],
            Elapsed = elapsed,
            LatenciesMs = sorted,
        };
        if (sorted.Length < total)
        {
            result.Notes.Add($"stopped after {maxDuration.TotalSeconds:0} s with {sorted.Length:N0} of {total:N0} calls done");
        }

        result.Notes.AddRange(errors.Select(e => "error: " + e));
        return result;
    }

    public static double TicksToMs(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;
}
