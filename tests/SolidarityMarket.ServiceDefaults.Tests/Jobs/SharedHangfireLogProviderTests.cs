using Microsoft.Extensions.Logging;
using SolidarityMarket.ServiceDefaults.Jobs;
using SolidarityMarket.Testing;
using HangfireLogLevel = Hangfire.Logging.LogLevel;

namespace SolidarityMarket.ServiceDefaults.Tests.Jobs;

/// <summary>
/// Several hosts in one process share Hangfire's single log provider: a disposed host's logger factory must not
/// break logging for the hosts still running (it made test hosts fail with ObjectDisposedException).
/// </summary>
public sealed class SharedHangfireLogProviderTests
{
    [Fact]
    public void Logs_go_to_the_newest_live_factory_and_a_disposed_one_is_skipped()
    {
        var older = new CapturedLogs();
        var newer = new CapturedLogs();
        using var olderFactory = LoggerFactory.Create(b => b.AddProvider(older).SetMinimumLevel(LogLevel.Trace));
        var newerFactory = LoggerFactory.Create(b => b.AddProvider(newer).SetMinimumLevel(LogLevel.Trace));
        var log = new SharedHangfireLogProvider().Use(olderFactory).Use(newerFactory).GetLogger("Hangfire.Test");

        Assert.True(log.Log(HangfireLogLevel.Info, () => "first"));
        newerFactory.Dispose();
        Assert.True(log.Log(HangfireLogLevel.Warn, () => "second"));

        Assert.Equal("first", Assert.Single(newer.Entries).Message);
        Assert.Contains(older.Entries, e => e.Message == "second");
    }
}
