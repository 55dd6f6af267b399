using Hangfire.Logging;
using Microsoft.Extensions.Logging;
using HangfireLogLevel = Hangfire.Logging.LogLevel;
using MsLogLevel = Microsoft.Extensions.Logging.LogLevel;

namespace SolidarityMarket.ServiceDefaults.Jobs;

/// <summary>
/// Hangfire keeps ONE log provider per process (<c>GlobalConfiguration</c>), and Hangfire.AspNetCore sets it to the
/// <see cref="ILoggerFactory"/> of whichever host configured it last. With several hosts in one process (the test
/// suites start many), a host that is disposed leaves its disposed factory behind and Hangfire in the other hosts
/// then fails with <see cref="ObjectDisposedException"/>. This provider forwards to the newest logger factory that is
/// still alive and forgets a factory once it has been disposed. In production there is one host per process, so it
/// behaves exactly like Hangfire's own provider.
/// </summary>
public sealed class SharedHangfireLogProvider : ILogProvider
{
    public static readonly SharedHangfireLogProvider Instance = new();

    private readonly Lock gate = new();
    private readonly List<ILoggerFactory> factories = [];

    /// <summary>A provider of its own (tests); hosts use <see cref="Instance"/>.</summary>
    public SharedHangfireLogProvider()
    {
    }

    /// <summary>Makes <paramref name="factory"/> the one Hangfire logs to, until it is disposed.</summary>
    public SharedHangfireLogProvider Use(ILoggerFactory factory)
    {
        lock (gate)
        {
            factories.Remove(factory);
            factories.Add(factory);
        }

        return this;
    }

    public ILog GetLogger(string name) => new ForwardingLog(this, name);

    private bool Log(string name, HangfireLogLevel level, Func<string>? message, Exception? exception)
    {
        while (Current() is { } factory)
        {
            try
            {
                var logger = factory.CreateLogger(name);
                var msLevel = ToMicrosoft(level);
                if (message is null)
                {
                    return logger.IsEnabled(msLevel); // Hangfire asks "is this level on?" with a null message
                }

                if (logger.IsEnabled(msLevel))
                {
#pragma warning disable CA1848, CA2254 // Hangfire hands over a finished message: there is no template to cache
                    logger.Log(msLevel, exception, message());
#pragma warning restore CA1848, CA2254
                }

                return true;
            }
            catch (ObjectDisposedException)
            {
                lock (gate)
                {
                    factories.Remove(factory); // that host is gone; try the next newest
                }
            }
        }

        return false;
    }

    private ILoggerFactory? Current()
    {
        lock (gate)
        {
            return factories.Count > 0 ? factories[^1] : null;
        }
    }

    private static MsLogLevel ToMicrosoft(HangfireLogLevel level) => level switch
    {
        HangfireLogLevel.Trace => MsLogLevel.Trace,
        HangfireLogLevel.Debug => MsLogLevel.Debug,
        HangfireLogLevel.Info => MsLogLevel.Information,
        HangfireLogLevel.Warn => MsLogLevel.Warning,
        HangfireLogLevel.Error => MsLogLevel.Error,
        _ => MsLogLevel.Critical,
    };

    private sealed class ForwardingLog(SharedHangfireLogProvider provider, string name) : ILog
    {
        public bool Log(HangfireLogLevel logLevel, Func<string>? messageFunc, Exception? exception = null) =>
            provider.Log(name, logLevel, messageFunc, exception);
    }
}
