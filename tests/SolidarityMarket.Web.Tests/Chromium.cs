using Microsoft.Playwright;
using SolidarityMarket.Testing;

namespace SolidarityMarket.Web.Tests;

/// <summary>
/// Debian's Chromium driven by Playwright (never <c>playwright install</c>: its downloads fail here). Path from
/// <c>SOLIDARITY_CHROMIUM</c> (CI sets it), else <c>/usr/bin/chromium</c>. Absent: the test is skipped with the reason,
/// unless <c>SOLIDARITY_REQUIRE_SERVERS</c> is set (CI), which makes it a failure — as <see cref="TestServers"/> does
/// for PostgreSQL and RabbitMQ.
/// </summary>
public static class Chromium
{
    public static string ExecutablePath => Environment.GetEnvironmentVariable("SOLIDARITY_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    public static void Require()
    {
        if (File.Exists(ExecutablePath))
        {
            return;
        }

        var message = $"Chromium is not installed at {ExecutablePath} (apt-get install -y chromium, or set SOLIDARITY_CHROMIUM).";
        if (TestServers.Required)
        {
            Assert.Fail(message + " SOLIDARITY_REQUIRE_SERVERS is set, so this is a failure, not a skip.");
        }

        Assert.Skip(message);
    }

    public static async Task<(IPlaywright Playwright, IBrowser Browser)> LaunchAsync()
    {
        var playwright = await Playwright.CreateAsync();
        try
        {
            var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = ExecutablePath,
                Headless = true,
                // Chromium's sandbox refuses to run as root (CI runs as root); the pages are our own.
                Args = Environment.UserName == "root" ? ["--no-sandbox"] : [],
            });
            return (playwright, browser);
        }
        catch
        {
            playwright.Dispose();
            throw;
        }
    }
}
