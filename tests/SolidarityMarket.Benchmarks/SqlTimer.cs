using System.Collections.Concurrent;
using System.Data.Common;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace SolidarityMarket.Benchmarks;

/// <summary>
/// An EF Core interceptor added to the ledger's context by the benchmark host only: how many SQL commands ran, of
/// which kind, and how long the database took for them and for the commits — so a batch's time can be split into
/// "in the database" and "in .NET" (EF, the domain, waiting for a CPU).
/// </summary>
public sealed partial class SqlTimer : IDbCommandInterceptor, IDbTransactionInterceptor
{
    private readonly ConcurrentDictionary<string, Totals> _byKind = new();

    public void Reset() => _byKind.Clear();

    public string Describe(int units, string unit)
    {
        var kinds = _byKind.OrderByDescending(k => k.Value.Ticks).ToList();
        if (kinds.Count == 0)
        {
            return "sql: nothing recorded";
        }

        var per = Math.Max(units, 1);
        var total = kinds.Sum(k => k.Value.Milliseconds);
        return $"sql per {unit} ({units:N0}): {total / per:0.00} ms in the database — " +
            string.Join(", ", kinds.Select(k => string.Create(CultureInfo.InvariantCulture,
                $"{k.Key}{(k.Value.Statements > 0 ? $" of {k.Value.Statements / (double)k.Value.Count:0} statements" : "")} {k.Value.Count / (double)per:0.#}× {k.Value.Milliseconds / per:0.00} ms")));
    }

    public double TotalMilliseconds => _byKind.Values.Sum(t => t.Milliseconds);

    private void Record(string kind, TimeSpan duration, DbCommand? command = null)
    {
        var totals = _byKind.GetOrAdd(kind, _ => new Totals());
        totals.Add(duration);
        if (kind == "SaveChanges batch" && command is not null)
        {
            totals.AddStatements(command.CommandText.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Length);
        }
    }

    /// <summary>"SELECT Accounts", "UPDATE OutboxMessages", "SaveChanges (n statements)".</summary>
    private static string KindOf(DbCommand command)
    {
        var text = command.CommandText;
        var statements = text.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Length;
        if (statements > 1)
        {
            return "SaveChanges batch";
        }

        var match = Statement().Match(text);
        return match.Success ? $"{match.Groups["verb"].Value.ToUpperInvariant()} {match.Groups["table"].Value}" : text.TrimStart().Split(' ', 2)[0].ToUpperInvariant();
    }

    [GeneratedRegex("""^\s*(?:WITH .*?\)\s*)?(?:(?<verb>UPDATE)\s+(?:"?\w+"?\.)?"?(?<table>\w+)"?|(?<verb>SELECT|INSERT|DELETE)\b.*?\b(?:FROM|INTO)\s+(?:"?\w+"?\.)?"?(?<table>\w+)"?)""", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex Statement();

    public DbDataReader ReaderExecuted(DbCommand command, CommandExecutedEventData eventData, DbDataReader result)
    {
        Record(KindOf(command), eventData.Duration, command);
        return result;
    }

    public ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result, CancellationToken cancellationToken = default)
    {
        Record(KindOf(command), eventData.Duration, command);
        return ValueTask.FromResult(result);
    }

    public ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Record(KindOf(command), eventData.Duration, command);
        return ValueTask.FromResult(result);
    }

    public ValueTask<object?> ScalarExecutedAsync(DbCommand command, CommandExecutedEventData eventData, object? result, CancellationToken cancellationToken = default)
    {
        Record(KindOf(command), eventData.Duration, command);
        return ValueTask.FromResult(result);
    }

    /// <summary>
    /// "BEGIN": on SQLite Microsoft.Data.Sqlite starts with <c>BEGIN IMMEDIATE</c>, which takes the database's single
    /// write lock, so its time is how long a writer waited for another write transaction (e.g. the outbox relay's).
    /// </summary>
    public ValueTask<DbTransaction> TransactionStartedAsync(DbConnection connection, TransactionEndEventData eventData, DbTransaction result, CancellationToken cancellationToken = default)
    {
        Record("BEGIN", eventData.Duration);
        return ValueTask.FromResult(result);
    }

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Record("COMMIT", eventData.Duration);
        return Task.CompletedTask;
    }

    private sealed class Totals
    {
        private long _count;
        private long _ticks;
        private long _statements;

        public long Statements => Interlocked.Read(ref _statements);

        public void AddStatements(int count) => Interlocked.Add(ref _statements, count);

        public long Count => Interlocked.Read(ref _count);

        public long Ticks => Interlocked.Read(ref _ticks);

        public double Milliseconds => TimeSpan.FromTicks(Ticks).TotalMilliseconds;

        public void Add(TimeSpan duration)
        {
            Interlocked.Increment(ref _count);
            Interlocked.Add(ref _ticks, duration.Ticks);
        }
    }
}
