using System.Diagnostics;

namespace SolidarityMarket.Benchmarks;

/// <summary>
/// What the measured calls cost this process — the host and the load generator together (for HTTP its
/// HttpClients, for the service scenario the in-process callers), so it is an upper bound of the server's share —
/// counted rather than timed, so it compares across a busy shared machine: CPU time, bytes allocated and GC
/// collections per call, and the JIT's work (near 0 after the warm-up).
/// </summary>
public sealed record ProcessCost(TimeSpan Cpu, long Allocated, int Gen0, int Gen1, int Gen2, TimeSpan GcPause, long Jitted, TimeSpan Jitting)
{
    public static ProcessCost Start() => new(
        Process.GetCurrentProcess().TotalProcessorTime, GC.GetTotalAllocatedBytes(precise: true),
        GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalPauseDuration(), System.Runtime.JitInfo.GetCompiledMethodCount(), System.Runtime.JitInfo.GetCompilationTime());

    public string Describe(int calls, string what = "server + load generator")
    {
        var now = Start();
        var cpuMs = (now.Cpu - Cpu).TotalMilliseconds;
        return $"process cost per call ({what}): CPU {cpuMs / calls:0.000} ms, allocated {(now.Allocated - Allocated) / 1024.0 / calls:0.0} KB; " +
            $"GC collections gen0 {now.Gen0 - Gen0}, gen1 {now.Gen1 - Gen1}, gen2 {now.Gen2 - Gen2}, paused {(now.GcPause - GcPause).TotalMilliseconds:N0} ms; " +
            $"JIT {now.Jitted - Jitted:N0} methods in {(now.Jitting - Jitting).TotalMilliseconds:N0} ms; {Environment.ProcessorCount} cores ÷ CPU per call = at most {Environment.ProcessorCount * 1000 / (cpuMs / calls):N0} calls/s from CPU alone";
    }
}
