using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace SolidarityMarket.Testing;

/// <summary>One line a <see cref="CapturedLogs"/> kept.</summary>
public sealed record LogEntry(LogLevel Level, string Category, EventId EventId, string Message, Exception? Exception)
{
    /// <summary>The whole line as text, for tests that look for words anywhere in it: "{Level} {Category}: {Message} {Exception}".</summary>
    public override string ToString() => $"{Level} {Category}: {Message} {Exception}";
}

/// <summary>
/// A logger provider that keeps, for a test to assert on, what is logged at <paramref name="minimum"/> or above by the
/// categories starting with <paramref name="categoryPrefix"/> (every category when null). Thread-safe: a host logs from
/// many threads while the test reads.
/// </summary>
public sealed class CapturedLogs(LogLevel minimum = LogLevel.Trace, string? categoryPrefix = null) : ILoggerProvider
{
    private readonly ConcurrentQueue<LogEntry> _entries = new();
    private readonly LogLevel _minimum = minimum;

    public IReadOnlyCollection<LogEntry> Entries => _entries;

    /// <summary>A snapshot of the entries as text lines (<see cref="LogEntry.ToString"/>).</summary>
    public IReadOnlyList<string> Lines => [.. _entries.Select(e => e.ToString())];

    public ILogger CreateLogger(string categoryName) =>
        new Logger(this, categoryName, categoryPrefix is null || categoryName.StartsWith(categoryPrefix, StringComparison.Ordinal));

    public void Dispose()
    {
    }

    /// <summary>Every line, one a row: what an assertion's message shows.</summary>
    public override string ToString() => string.Join('\n', _entries);

    private sealed class Logger(CapturedLogs logs, string category, bool kept) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => kept && logLevel >= logs._minimum;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                logs._entries.Enqueue(new LogEntry(logLevel, category, eventId, formatter(state, exception), exception));
            }
        }
    }
}
