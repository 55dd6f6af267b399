using System.Collections.Concurrent;
using System.Data.Common;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using SolidarityMarket.Contracts.Ledger;
using SolidarityMarket.Ledger.Data;
using SolidarityMarket.Ledger.Domain;
using SolidarityMarket.Ledger.Features;
using SolidarityMarket.Ledger.Posting;
using SolidarityMarket.ServiceDefaults.Messaging;

namespace SolidarityMarket.Benchmarks;

/// <summary>Refusal reasons seen in a run, counted, for the report.</summary>
public sealed class Refusals
{
    private readonly ConcurrentDictionary<string, int> _reasons = new();

    public void Add(string reason) => _reasons.AddOrUpdate(reason, 1, (_, n) => n + 1);

    public void AddTo(RunResult result)
    {
        foreach (var (reason, count) in _reasons.OrderByDescending(r => r.Value))
        {
            result.Notes.Add($"refused {count:N0}×: {reason}");
        }
    }
}

/// <summary>
/// 1. Through the ledger's application service: <see cref="LedgerWriter.SubmitAsync"/> with a planned
/// same-exchange trade (<see cref="TransferWork.ForPlan"/>) from every caller, as the API and the consumers do.
/// </summary>
public static class ServiceScenario
{
    public static async Task<RunResult> RunAsync(string name, BenchmarkHost host, LedgerWorld world, BenchmarkOptions options, WriterMetrics metrics)
    {
        var writer = host.Services.GetRequiredService<LedgerWriter>();
        var refusals = new Refusals();
        Func<int, Func<Task<Outcome>>> Callers(int seed) => c =>
        {
            var random = new Random(seed + c);
            return async () =>
            {
                var (payer, payee, _, amount) = world.PickTrade(random);
                var work = TransferWork.ForPlan(world.Plan(Guid.NewGuid(), payer, payee, amount));
                var result = await writer.SubmitAsync(work, CancellationToken.None);
                if (result.Rejection is { } rejection)
                {
                    refusals.Add(rejection.RootReason.ToString());
                    return Outcome.Rejected;
                }

                return result.IsReplay ? Outcome.Replay : Outcome.Accepted;
            };
        };

        if (options.Warmup > 0)
        {
            await WarmUp.UntilJitQuietAsync(round =>
                ClosedLoop.RunAsync("warm-up", options.Callers, options.Warmup, options.MaxDuration, Callers(options.Seed * 7_919 + round)));
        }

        await PostgresStatistics.RefreshAsync(host.Services);

        metrics.Reset();
        host.Sql.Reset();
        var cost = ProcessCost.Start();
        var measured = await ClosedLoop.RunAsync(name, options.Callers, options.Transfers, options.MaxDuration, Callers(options.Seed * 104_729));
        measured.Notes.Add(cost.Describe(measured.Attempted, "writer, relay and in-process callers"));
        measured.Notes.Add(metrics.Describe());
        measured.Notes.Add(host.Sql.Describe(metrics.Batches, "batch"));
        refusals.AddTo(measured);
        return measured;
    }
}

/// <summary>
/// 2. The naive baseline: what a straightforward EF Core service would do — for EACH transfer its own DbContext and
/// transaction: lock the exchange's journal head (the chain needs it), check the id is new, load both accounts,
/// check their limits, update both, add the transfer, the journal entry and the outbox event, one
/// <c>SaveChanges</c>, commit. Same callers, same rows, same durability; no batching.
/// </summary>
public static class NaiveScenario
{
    public static async Task<RunResult> RunAsync(string name, BenchmarkHost host, LedgerWorld world, BenchmarkOptions options)
    {
        var refusals = new Refusals();
        var retries = 0;
        Func<int, Func<Task<Outcome>>> Callers(int seed) => c =>
        {
            var random = new Random(seed + c);
            return async () =>
            {
                var (payer, payee, exchange, amount) = world.PickTrade(random);
                var id = Guid.NewGuid();
                for (var attempt = 1; ; attempt++)
                {
                    try
                    {
                        return await TransferOnceAsync(host.Services, id, exchange, payer, payee, amount, refusals);
                    }
                    catch (Exception ex) when (attempt < 8 && IsRetryable(ex))
                    {
                        Interlocked.Increment(ref retries);
                        await Task.Delay(TimeSpan.FromMilliseconds(5 * attempt * attempt));
                    }
                }
            };
        };

        var warmup = Math.Min(options.Warmup, Math.Max(options.Callers, options.NaiveTransfers / 10));
        if (warmup > 0)
        {
            await WarmUp.UntilJitQuietAsync(round =>
                ClosedLoop.RunAsync("warm-up", options.Callers, warmup, options.MaxDuration, Callers(options.Seed * 7_919 + round)));
        }

        await PostgresStatistics.RefreshAsync(host.Services);

        Interlocked.Exchange(ref retries, 0);
        host.Sql.Reset();
        var measured = await ClosedLoop.RunAsync(name, options.Callers, options.NaiveTransfers, options.MaxDuration, Callers(options.Seed * 104_729));
        measured.Notes.Add($"one transaction + SaveChanges per transfer; retried transactions {retries}");
        measured.Notes.Add(host.Sql.Describe(measured.Accepted, "transfer"));
        refusals.AddTo(measured);
        return measured;
    }

    private static async Task<Outcome> TransferOnceAsync(
        IServiceProvider services, Guid id, string exchange, Guid payer, Guid payee, long amount, Refusals refusals)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LedgerDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync();
        await ExchangeLocks.LockAsync(db, [exchange], CancellationToken.None);
        if (await db.Transfers.AsNoTracking().AnyAsync(t => t.Id == id))
        {
            return Outcome.Replay;
        }

        var head = await db.Exchanges.SingleAsync(x => x.Id == exchange);
        var pair = await db.Accounts.Where(a => a.Id == payer || a.Id == payee).ToListAsync();
        var from = pair.Single(a => a.Id == payer);
        var to = pair.Single(a => a.Id == payee);
        if (from.Status != AccountStatus.Active || to.Status != AccountStatus.Active
            || from.Balance - from.PendingDebits - amount < -from.DebitLimit
            || to.Balance + to.PendingCredits + amount > to.CreditLimit)
        {
            refusals.Add("limit or state");
            return Outcome.Rejected;
        }

        var now = LedgerTime.Normalize(TimeProvider.System.GetUtcNow());
        var rows = TradeRows.Build(id, exchange, payer, payee, amount, now, head.LastSequence + 1, Hash256.FromBytes(head.LastHash));
        from.Balance -= amount;
        from.Version++;
        to.Balance += amount;
        to.Version++;
        head.LastSequence = rows.Entry.Sequence;
        head.LastHash = rows.Hash.ToArray();
        db.Transfers.Add(rows.Transfer);
        db.Journal.Add(rows.Entry);
        db.Publish(rows.Event, now);
        await db.SaveChangesAsync();
        await transaction.CommitAsync();
        return Outcome.Accepted;
    }

    /// <summary>As the ledger writer decides: a lost race or a busy database is worth another try.</summary>
    private static bool IsRetryable(Exception ex) => ex is DbUpdateException or InvalidOperationException { InnerException: not null }
        || ex.GetType().Name is "PostgresException" or "NpgsqlException" or "SqliteException";
}

/// <summary>
/// 3. The raw storage limit: one writer, the same rows written with plain batched SQL — per batch one transaction
/// with multi-row INSERTs of the transfers, journal entries and outbox events, ONE multi-row UPDATE of the
/// accounts' balances (net of the batch), and the journal heads — and no checks at all (no id look-up, no limits,
/// nothing read back). What the database can absorb with these rows and this durability; the service cannot
/// beat it.
/// </summary>
public static class RawScenario
{
    private static readonly JsonSerializerOptions MessageJson = new(JsonSerializerDefaults.Web);

    /// <param name="batch">
    /// Transfers per transaction: <c>--raw-batch</c> (1,000) for the storage limit itself, or the number of callers
    /// for the limit at the batch size the service can reach — with a closed loop of N callers no batch exceeds N.
    /// </param>
    public static async Task<RunResult> RunAsync(string name, BenchmarkHost host, LedgerWorld world, BenchmarkOptions options, int batch)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LedgerDbContext>();
        await db.Database.OpenConnectionAsync();
        var rowsPerStatement = options.RawRowsPerStatement ?? (host.IsPostgres ? 1_000 : 1);
        await using var writer = new RawWriter(db, rowsPerStatement);
        var heads = await db.Exchanges.AsNoTracking().ToDictionaryAsync(x => x.Id, x => (x.LastSequence, Hash: Hash256.FromBytes(x.LastHash)));
        var random = new Random(options.Seed * 7_919);

        for (var done = 0; done < options.Warmup; done += batch)
        {
            await writer.WriteBatchAsync(world, random, Math.Min(batch, options.Warmup - done), heads);
        }

        random = new Random(options.Seed * 104_729);
        writer.ResetPhases();
        var latencies = new List<double>();
        var written = 0;
        var started = Stopwatch.GetTimestamp();
        var deadline = started + (long)(options.MaxDuration.TotalSeconds * Stopwatch.Frequency);
        while (written < options.Transfers && Stopwatch.GetTimestamp() < deadline)
        {
            var size = Math.Min(batch, options.Transfers - written);
            var before = Stopwatch.GetTimestamp();
            await writer.WriteBatchAsync(world, random, size, heads);
            latencies.Add(ClosedLoop.TicksToMs(Stopwatch.GetTimestamp() - before));
            written += size;
        }

        var result = new RunResult
        {
            Name = name,
            Attempted = written,
            Accepted = written,
            Rejected = 0,
            Failed = 0,
            Elapsed = Stopwatch.GetElapsedTime(started),
            LatenciesMs = [.. latencies.Order()],
            LatencyUnit = $"batch of {batch:N0}",
        };
        result.Notes.Add($"one writer, {latencies.Count} transactions of up to {batch:N0} transfers, {rowsPerStatement:N0} row(s) per INSERT/UPDATE statement (each statement prepared once); latency columns are per batch");
        result.Notes.Add(writer.Phases());
        await db.Database.CloseConnectionAsync();
        return result;
    }

    private sealed class RawWriter(LedgerDbContext db, int rowsPerStatement) : IAsyncDisposable
    {
        private readonly Dictionary<int, DbCommand> _updates = [];
        private readonly SqlTable _transfers = new(db, typeof(TransferRecord));
        private readonly SqlTable _journal = new(db, typeof(JournalEntryRecord));
        private readonly SqlTable _outbox = new(db, typeof(OutboxMessage));
        private readonly SqlTable _accounts = new(db, typeof(Account));
        private readonly SqlTable _exchanges = new(db, typeof(Exchange));
        private readonly double[] _phases = new double[7];

        /// <summary>Where a batch's time went, summed over the measured batches.</summary>
        public string Phases()
        {
            var total = _phases.Sum();
            string[] names = ["build rows", "INSERT transfers", "INSERT journal", "INSERT outbox", "UPDATE accounts", "UPDATE heads", "COMMIT"];
            return "raw time split: " + string.Join(", ", names.Select((n, i) => $"{n} {100 * _phases[i] / total:0}%"));
        }

        public void ResetPhases() => Array.Clear(_phases);

        private long Lap(int phase, long since)
        {
            var now = Stopwatch.GetTimestamp();
            _phases[phase] += now - since;
            return now;
        }

        public async Task WriteBatchAsync(LedgerWorld world, Random random, int size, Dictionary<string, (long Sequence, Hash256 Hash)> heads)
        {
            var lap = Stopwatch.GetTimestamp();
            var now = LedgerTime.Normalize(TimeProvider.System.GetUtcNow());
            var transfers = new List<TransferRecord>(size);
            var entries = new List<JournalEntryRecord>(size);
            var outbox = new List<OutboxMessage>(size);
            var deltas = new Dictionary<Guid, (long Amount, long Changes)>();
            var touched = new HashSet<string>();
            for (var i = 0; i < size; i++)
            {
                var (payer, payee, exchange, amount) = world.PickTrade(random);
                var head = heads[exchange];
                var rows = TradeRows.Build(Guid.NewGuid(), exchange, payer, payee, amount, now, head.Sequence + 1, head.Hash);
                heads[exchange] = (head.Sequence + 1, rows.Hash);
                touched.Add(exchange);
                transfers.Add(rows.Transfer);
                entries.Add(rows.Entry);
                outbox.Add(new OutboxMessage
                {
                    Id = Guid.CreateVersion7(now),
                    MessageType = typeof(TransferPosted).FullName!,
                    Body = JsonSerializer.Serialize(rows.Event, MessageJson),
                    CreatedAt = now,
                    NextAttemptAt = now,
                });
                var from = deltas.GetValueOrDefault(payer);
                deltas[payer] = (from.Amount - amount, from.Changes + 1);
                var to = deltas.GetValueOrDefault(payee);
                deltas[payee] = (to.Amount + amount, to.Changes + 1);
            }

            lap = Lap(0, lap);
            await using var transaction = await db.Database.BeginTransactionAsync();
            var connection = db.Database.GetDbConnection();
            var dbTransaction = transaction.GetDbTransaction();
            await _transfers.InsertAsync(connection, dbTransaction, transfers, rowsPerStatement);
            lap = Lap(1, lap);
            await _journal.InsertAsync(connection, dbTransaction, entries, rowsPerStatement);
            lap = Lap(2, lap);
            await _outbox.InsertAsync(connection, dbTransaction, outbox, rowsPerStatement);
            lap = Lap(3, lap);
            await UpdateAccountsAsync(connection, dbTransaction, deltas.ToList());
            lap = Lap(4, lap);
            foreach (var exchange in touched)
            {
                await using var command = connection.CreateCommand();
                command.Transaction = dbTransaction;
                command.CommandText = $"UPDATE {_exchanges.Name} SET {_exchanges.Quote("LastSequence")} = @s, {_exchanges.Quote("LastHash")} = @h WHERE {_exchanges.Quote("Id")} = @id";
                command.Parameters.Add(_exchanges.Parameter(command, "LastSequence", "@s", heads[exchange].Sequence));
                command.Parameters.Add(_exchanges.Parameter(command, "LastHash", "@h", heads[exchange].Hash.ToArray()));
                command.Parameters.Add(_exchanges.Parameter(command, "Id", "@id", exchange));
                await command.ExecuteNonQueryAsync();
            }

            lap = Lap(5, lap);
            await transaction.CommitAsync();
            Lap(6, lap);
        }

        /// <summary>
        /// The accounts' net changes, <c>WITH v(id, d, n) AS (VALUES …) UPDATE … FROM v</c> with up to
        /// <c>rowsPerStatement</c> accounts per statement: valid on SQLite ≥ 3.33 and PostgreSQL.
        /// </summary>
        private async Task UpdateAccountsAsync(DbConnection connection, DbTransaction transaction, List<KeyValuePair<Guid, (long Amount, long Changes)>> deltas)
        {
            string Q(string identifier) => _accounts.Quote(identifier);
            for (var start = 0; start < deltas.Count; start += rowsPerStatement)
            {
                var count = Math.Min(rowsPerStatement, deltas.Count - start);
                if (!_updates.TryGetValue(count, out var command))
                {
                    command = connection.CreateCommand();
                    var values = string.Join(", ", Enumerable.Range(0, count).Select(i => $"(@a{i}, @d{i}, @n{i})"));
                    command.CommandText = $"WITH v(id, d, n) AS (VALUES {values}) UPDATE {_accounts.Name} AS a " +
                        $"SET {Q("Balance")} = a.{Q("Balance")} + v.d, {Q("Version")} = a.{Q("Version")} + v.n FROM v WHERE a.{Q("Id")} = v.id";
                    _updates[count] = command;
                }

                command.Transaction = transaction;
                for (var i = 0; i < count; i++)
                {
                    var (account, (amount, changes)) = (deltas[start + i].Key, deltas[start + i].Value);
                    SqlTable.Bind(command, 3 * i, _accounts.Parameter(command, "Id", $"@a{i}", account));
                    SqlTable.Bind(command, 3 * i + 1, _accounts.Parameter(command, "Balance", $"@d{i}", amount));
                    SqlTable.Bind(command, 3 * i + 2, _accounts.Parameter(command, "Version", $"@n{i}", changes));
                }

                await command.ExecuteNonQueryAsync();
            }
        }

        public async ValueTask DisposeAsync()
        {
            foreach (var command in _updates.Values)
            {
                await command.DisposeAsync();
            }

            await _transfers.DisposeAsync();
            await _journal.DisposeAsync();
            await _outbox.DisposeAsync();
        }
    }
}

/// <summary>The cost of one durable commit on this machine: single-row transactions, one after another.</summary>
public static class CommitProbe
{
    public static async Task<string> RunAsync(BenchmarkHost host, int commits = 200)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LedgerDbContext>();
        await db.Database.OpenConnectionAsync();
        var accounts = new SqlTable(db, typeof(Account));
        var account = await db.Accounts.AsNoTracking().OrderBy(a => a.Id).Select(a => a.Id).FirstAsync();
        var latencies = new double[commits];
        for (var i = 0; i < commits; i++)
        {
            var before = Stopwatch.GetTimestamp();
            await using var transaction = await db.Database.BeginTransactionAsync();
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.Transaction = transaction.GetDbTransaction();
            // A real change: SQLite writes nothing (no WAL frame, no fsync) for an UPDATE that changes no value.
            command.CommandText = $"UPDATE {accounts.Name} SET {accounts.Quote("Version")} = {accounts.Quote("Version")} + 1 WHERE {accounts.Quote("Id")} = @id";
            command.Parameters.Add(accounts.Parameter(command, "Id", "@id", account));
            await command.ExecuteNonQueryAsync();
            await transaction.CommitAsync();
            latencies[i] = ClosedLoop.TicksToMs(Stopwatch.GetTimestamp() - before);
        }

        await db.Database.CloseConnectionAsync();
        Array.Sort(latencies);
        var p50 = Stats.Percentile(latencies, 50);
        return $"one-row durable commit, {commits} in a row: p50 {p50:0.00} ms, p99 {Stats.Percentile(latencies, 99):0.00} ms (≈ {1000 / p50:N0} commits/s for one writer)";
    }
}

/// <summary>After a scenario: the ledger's own verification (chains, zero-sum, limits, replay) and the row counts.</summary>
public static class Verification
{
    public static async Task<string> RunAsync(BenchmarkHost host)
    {
        try
        {
            await using var scope = host.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<LedgerDbContext>();
            var report = await VerifyLedger.RunAsync(db, CancellationToken.None);
            var transfers = await db.Transfers.CountAsync();
            var outbox = await db.OutboxMessages.CountAsync();
            var unsent = await db.OutboxMessages.CountAsync(m => m.SentAt == null);
            var verdict = report.IsIntact
                ? "intact"
                : $"{report.Breaks.Count} BREAKS: " + string.Join(" | ", report.Breaks.Take(3).Select(b => b.ToString()));
            return $"verify: {verdict} ({report.EntriesChecked:N0} entries, {report.AccountsChecked:N0} accounts); {transfers:N0} transfers, {outbox:N0} outbox rows ({unsent:N0} not yet relayed)";
        }
        catch (Exception ex)
        {
            return $"verify failed: {ex.GetType().Name}: {ex.Message}";
        }
    }
}
