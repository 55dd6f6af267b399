using System.Diagnostics;

namespace SolidarityMarket.Testing;

/// <summary>Waits on a condition with a timeout — the only way tests synchronise with asynchronous work. No sleeps.</summary>
public static class Eventually
{
    public static async Task<T> GetAsync<T>(Func<Task<T?>> probe, TimeSpan timeout, string what)
        where T : class
    {
        var watch = Stopwatch.StartNew();
        var delay = TimeSpan.FromMilliseconds(20);
        while (true)
        {
            var value = await probe();
            if (value is not null)
            {
                return value;
            }

            if (watch.Elapsed > timeout)
            {
                throw new TimeoutException($"Timed out after {timeout.TotalSeconds:0.#} s waiting for {what}.");
            }

            // Polling back-off between probes of the condition (not a synchronisation sleep: the loop re-checks).
            await Task.Delay(delay);
            delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 250));
        }
    }

    public static async Task TrueAsync(Func<Task<bool>> condition, TimeSpan timeout, string what) =>
        await GetAsync(async () => await condition() ? "ok" : null, timeout, what);

    /// <summary>
    /// Waits on a condition; on timeout the message also carries <paramref name="diagnose"/>'s account of the state
    /// the condition was waiting on (counts, the tail of the processes' output), taken at that moment.
    /// </summary>
    public static async Task TrueAsync(Func<Task<bool>> condition, TimeSpan timeout, string what, Func<Task<string>> diagnose)
    {
        try
        {
            await TrueAsync(condition, timeout, what);
        }
        catch (TimeoutException timedOut)
        {
            throw new TimeoutException($"{timedOut.Message}\n{await diagnose()}", timedOut);
        }
    }
}
