using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace SolidarityMarket.Testing;

/// <summary>
/// Keeps the exceptions logged at Error or above while a host starts. The host logs why it failed to start before
/// it rethrows; <see cref="MarketplaceFactory.StartupFailure"/> reads the reason here because the exception that
/// reaches the test can be a different one (see there).
/// </summary>
internal sealed class StartupErrorLog : ILoggerProvider
{
    private readonly ConcurrentQueue<Exception> _errors = new();

    public IReadOnlyCollection<Exception> Errors => _errors;

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void Dispose()
    {
    }

    private sealed class Logger(StartupErrorLog log) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (exception is not null && IsEnabled(logLevel))
            {
                log._errors.Enqueue(exception);
            }
        }
    }
}
