using System.Diagnostics;
using System.Globalization;
using System.Runtime;

namespace SolidarityMarket.Benchmarks;

/// <summary>
/// Warm-up rounds until this process's JIT is quiet. The runtime tiers code up in the background for many seconds
/// after start (tier 0, then instrumented, then tier 1 with the profile), and a fixed warm-up of 2,000 transfers
/// (under a second) left it compiling 7,000–11,000 methods, 3–8 s of compile time, inside the measured run: that CPU
/// was counted as the transfers' (docs/performance-history.md, "Warm-up until the JIT is quiet"). A round is quiet
/// when it compiled at most <see cref="QuietMethods"/> methods and spent at most <see cref="QuietShare"/> of its
/// wall-clock time compiling; the warm-up stops after two quiet rounds in a row (one can be quiet by chance, between
/// two waves of tier-up), or after <see cref="Longest"/> with a note.
/// </summary>
public static class WarmUp
{
    public const int QuietMethods = 100;
    public const double QuietShare = 0.02;
    public static readonly TimeSpan Longest = TimeSpan.FromSeconds(120);

    /// <summary>Runs <paramref name="round"/> (given the round's number, from 1) until two rounds in a row are quiet.</summary>
    public static async Task UntilJitQuietAsync(Func<int, Task<RunResult>> round)
    {
        var started = Stopwatch.GetTimestamp();
        var quietRounds = 0;
        for (var k = 1; ; k++)
        {
            var methods = JitInfo.GetCompiledMethodCount();
            var compiling = JitInfo.GetCompilationTime();
            var at = Stopwatch.GetTimestamp();
            var result = await round(k);
            var elapsed = Stopwatch.GetElapsedTime(at);
            var compiled = JitInfo.GetCompiledMethodCount() - methods;
            var jit = JitInfo.GetCompilationTime() - compiling;
            quietRounds = compiled <= QuietMethods && jit <= elapsed * QuietShare ? quietRounds + 1 : 0;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"   warm-up round {k}: {result.Attempted:N0} in {elapsed.TotalSeconds:0.0} s; JIT {compiled:N0} methods in {jit.TotalMilliseconds:N0} ms{quietRounds switch { 0 => "", 1 => " — quiet", _ => " — quiet twice, warm-up done" }}"));
            if (quietRounds == 2 || result.Attempted == 0)
            {
                return;
            }

            if (Stopwatch.GetElapsedTime(started) > Longest)
            {
                Console.WriteLine($"   the JIT was still busy after {Longest.TotalSeconds:0} s of warm-up: the figures below include its work");
                return;
            }
        }
    }
}
