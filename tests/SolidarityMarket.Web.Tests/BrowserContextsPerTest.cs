using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.Playwright;
using Xunit.v3;

namespace SolidarityMarket.Web.Tests;

/// <summary>
/// The browser contexts (with their pages and renderer processes) each test opened, closed when that test ends
/// (<see cref="CloseBrowserContextsAfterEachTestAttribute"/>). A world's browser lives as long as the world — the
/// shared <see cref="MarketWorld"/> for the whole run — and every context left open kept its page alive in Chromium
/// until then: hundreds by the end of a run, on a machine where the suite is CPU-bound.
/// </summary>
public static class BrowserContextsPerTest
{
    private static readonly ConcurrentDictionary<string, ConcurrentQueue<IBrowserContext>> Open = new();
    private static readonly ConcurrentQueue<Task> Closing = new();

    /// <summary>Closes <paramref name="context"/> when the current test ends (outside a test: with its browser).</summary>
    public static void CloseWithCurrentTest(IBrowserContext context)
    {
        if (TestContext.Current.Test is { } test)
        {
            Open.GetOrAdd(test.UniqueID, _ => new()).Enqueue(context);
        }
    }

    /// <summary>
    /// Starts closing the contexts the test <paramref name="testId"/> opened. Not awaited: xunit's after-test hook is
    /// synchronous, and blocking it on Playwright's replies would risk a deadlock; <see cref="ClosedAsync"/> waits.
    /// </summary>
    public static void StartClosing(string testId)
    {
        if (Open.TryRemove(testId, out var contexts))
        {
            Closing.Enqueue(Task.Run(async () =>
            {
                foreach (var context in contexts)
                {
                    await context.CloseAsync();
                }
            }));
        }
    }

    /// <summary>Waits for the closes started so far (a world calls it before closing its browser).</summary>
    public static async Task ClosedAsync()
    {
        while (Closing.TryDequeue(out var closing))
        {
            try
            {
                await closing;
            }
            catch (Exception ex) when (ex is PlaywrightException or ObjectDisposedException)
            {
                // A context whose browser or driver went first: nothing left to close. Cleanup, not a test's outcome.
            }
        }
    }
}

/// <summary>After every test of the assembly, closes the browser contexts it opened (<see cref="BrowserContextsPerTest"/>).</summary>
[AttributeUsage(AttributeTargets.Assembly)]
public sealed class CloseBrowserContextsAfterEachTestAttribute : BeforeAfterTestAttribute
{
    public override void After(MethodInfo methodUnderTest, IXunitTest test) => BrowserContextsPerTest.StartClosing(test.UniqueID);
}
