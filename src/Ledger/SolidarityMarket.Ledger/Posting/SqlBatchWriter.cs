using System.Collections.Concurrent;
using System.Data.Common;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Storage;
using SolidarityMarket.Ledger.Data;
using SolidarityMarket.Ledger.Domain;
using SolidarityMarket.ServiceDefaults.Messaging;

namespace SolidarityMarket.Ledger.Posting;

/// <summary>
/// Writes a batch with few, plain statements on the context's own connection and transaction (ADR 0007).
/// PostgreSQL: the whole batch is ONE command — per table one <c>INSERT … SELECT * FROM unnest(…)</c> of column
/// arrays, one <c>UPDATE … FROM (VALUES …)</c> for the accounts, one UPDATE per closed hold and per head — so one
/// network round trip. SQLite (in-process, where a call costs microseconds): one statement per table, prepared once
/// per batch and re-executed per row with its values bound by position (ADR 0010).
/// Every UPDATE is guarded by the state it replaces — account version, hold still open, journal head sequence — and
/// the rows it must match are counted, so a row changed by anyone else fails the batch (the writer then re-reads
/// and re-applies it from scratch) instead of being overwritten.
/// </summary>
public sealed class SqlBatchWriter(LedgerDbContext db) : IBatchWriter
{
    // PostgreSQL takes at most 65,535 parameters per command; a batch above this is split into several commands.
    private const int MaxParameters = 60_000;

    private static readonly string[] AccountFields = ["DebitLimit", "CreditLimit", "Status", "Balance", "PendingDebits", "PendingCredits", "Version"];

    private static readonly ConcurrentDictionary<RelationalTypeMapping, SqliteType> SqliteTypes = new();

    private static readonly string[] ClosingFields = ["ExpiresAt", "HoldStatus", "ResolvedById", "ResolvedAt", "PostedAmount", "ReversedById", "JournalSequence"];

    /// <summary>The providers this path is exercised on by the tests here; others take <see cref="EfBatchWriter"/>.</summary>
    public static bool Supports(LedgerDbContext db) => IsPostgres(db) || db.Database.IsSqlite();

    private static bool IsPostgres(LedgerDbContext db) => db.Database.ProviderName?.Contains("Npgsql", StringComparison.Ordinal) == true;

    public async Task WriteAsync(BatchRows rows, CancellationToken ct)
    {
        var connection = db.Database.GetDbConnection();
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("The batch must be written inside the writer's transaction.");
        if (IsPostgres(db))
        {
            await WriteInOneCommandAsync(connection, transaction, rows, ct);
        }
        else
        {
            // SQLite calls run on this thread anyway (Microsoft.Data.Sqlite's async methods are synchronous).
            WriteRowByRow((SqliteConnection)connection, rows);
        }
    }

    private async Task WriteInOneCommandAsync(DbConnection connection, DbTransaction transaction, BatchRows rows, CancellationToken ct)
    {
        var command = new MultiStatement(connection, transaction);
        try
        {
            await AppendInsertsAsync(command, typeof(TransferRecord), rows.NewTransfers, ct);
            await AppendInsertsAsync(command, typeof(JournalEntryRecord), rows.Entries, ct);
            await AppendInsertsAsync(command, typeof(OutboxMessage), rows.Outbox, ct);
            await AppendInsertsAsync(command, typeof(LimitChange), rows.LimitChanges, ct);
            await AppendInsertsAsync(command, typeof(AccountStatusChange), rows.StatusChanges, ct);

            var accounts = SqlTable.For(db, typeof(Account));
            foreach (var chunk in rows.Accounts.Chunk(MaxParameters / (AccountFields.Length + 2)))
            {
                await command.FlushIfAboveAsync(MaxParameters - (chunk.Length * (AccountFields.Length + 2)), ct);
                AppendAccountUpdate(command, accounts, chunk);
            }

            var transfers = SqlTable.For(db, typeof(TransferRecord));
            foreach (var (loaded, current) in rows.ClosedTransfers)
            {
                await command.FlushIfAboveAsync(MaxParameters - 10, ct);
                var p = "c" + command.Statements + "_";
                AddClosingParameters(command.Command, transfers, p, loaded, current);
                command.Append(ClosingUpdate(transfers, p), 1);
            }

            var exchanges = SqlTable.For(db, typeof(Exchange));
            foreach (var (loaded, current) in rows.Heads)
            {
                await command.FlushIfAboveAsync(MaxParameters - 4, ct);
                var p = "h" + command.Statements + "_";
                AddHeadParameters(command.Command, exchanges, p, loaded, current);
                command.Append(HeadUpdate(exchanges, p), 1);
            }

            await command.FlushIfAboveAsync(0, ct);
        }
        finally
        {
            await command.DisposeAsync();
        }
    }

    /// <summary>All rows of a table in one <c>INSERT … SELECT * FROM unnest(…)</c>: one array parameter per column.</summary>
    private async Task AppendInsertsAsync<T>(MultiStatement command, Type entity, List<T> rows, CancellationToken ct)
        where T : class
    {
        if (rows.Count == 0)
        {
            return;
        }

        var table = SqlTable.For(db, entity);
        await command.FlushIfAboveAsync(MaxParameters - table.ColumnCount, ct);
        var text = new StringBuilder();
        table.AppendUnnestInsert(text, command.Command, rows, "i" + command.Statements + "_");
        command.Append(text.ToString(), rows.Count);
    }

    /// <summary><c>UPDATE … FROM (VALUES (id, old version, new values…), …)</c>: each row must match its old version.</summary>
    private static void AppendAccountUpdate(MultiStatement command, SqlTable t, (Account Loaded, AccountState Current)[] chunk)
    {
        var p = "a" + command.Statements + "_";
        var text = new StringBuilder($"UPDATE {t.Name} AS a SET ")
            .AppendJoin(", ", AccountFields.Select((f, i) => $"{t.Column(f)} = v.c{i}"))
            .Append(" FROM (VALUES ");
        for (var r = 0; r < chunk.Length; r++)
        {
            var (loaded, current) = chunk[r];
            text.Append(r == 0 ? "(" : ", (").Append($"@{p}id{r}, @{p}old{r}");
            command.Command.Parameters.Add(t.Parameter(command.Command, "Id", $"@{p}id{r}", loaded.Id));
            command.Command.Parameters.Add(t.Parameter(command.Command, "Version", $"@{p}old{r}", loaded.Version));
            var values = AccountValues(current);
            for (var i = 0; i < AccountFields.Length; i++)
            {
                text.Append($", @{p}v{r}_{i}");
                command.Command.Parameters.Add(t.Parameter(command.Command, AccountFields[i], $"@{p}v{r}_{i}", values[i]));
            }

            text.Append(')');
        }

        text.Append($") AS v(id, old, {string.Join(", ", AccountFields.Select((_, i) => $"c{i}"))}) ")
            .Append($"WHERE a.{t.Column("Id")} = v.id AND a.{t.Column("Version")} = v.old;\n");
        command.Append(text.ToString(), chunk.Length);
    }

    /// <summary>
    /// SQLite: one statement per table, prepared once per batch and executed per row with its values bound by
    /// position (<see cref="SqliteRowStatement"/>); each UPDATE must change exactly one row.
    /// </summary>
    private void WriteRowByRow(SqliteConnection connection, BatchRows rows)
    {
        Insert(connection, SqlTable.For(db, typeof(TransferRecord)), rows.NewTransfers);
        Insert(connection, SqlTable.For(db, typeof(JournalEntryRecord)), rows.Entries);
        Insert(connection, SqlTable.For(db, typeof(OutboxMessage)), rows.Outbox);
        Insert(connection, SqlTable.For(db, typeof(LimitChange)), rows.LimitChanges);
        Insert(connection, SqlTable.For(db, typeof(AccountStatusChange)), rows.StatusChanges);

        var accounts = SqlTable.For(db, typeof(Account));
        UpdateEach(connection, accounts,
            $"UPDATE {accounts.Name} SET {string.Join(", ", AccountFields.Select((f, i) => $"{accounts.Column(f)} = @v{i}"))} " +
            $"WHERE {accounts.Column("Id")} = @id AND {accounts.Column("Version")} = @old",
            [.. AccountFields.Select((f, i) => ("@v" + i, f)), ("@id", "Id"), ("@old", "Version")],
            rows.Accounts, row => [.. AccountValues(row.Current), row.Loaded.Id, row.Loaded.Version]);

        var transfers = SqlTable.For(db, typeof(TransferRecord));
        UpdateEach(connection, transfers, ClosingUpdate(transfers, ""),
            [.. ClosingFields.Select((f, i) => ("@v" + i, f)), ("@id", "Id"), ("@oldHold", "HoldStatus"), ("@oldReversal", "ReversedById")],
            rows.ClosedTransfers, row => [.. ClosingValues(row.Current), row.Loaded.Id, row.Loaded.HoldStatus, row.Loaded.ReversedById]);

        var exchanges = SqlTable.For(db, typeof(Exchange));
        UpdateEach(connection, exchanges, HeadUpdate(exchanges, ""),
            [("@s", "LastSequence"), ("@h", "LastHash"), ("@id", "Id"), ("@old", "LastSequence")],
            rows.Heads, row => [row.Current.LastSequence, row.Current.LastHash.ToArray(), row.Loaded.Id, row.Loaded.LastSequence]);
    }

    /// <summary>Inserts the rows one statement execution each; each must insert exactly one row.</summary>
    private static void Insert<T>(SqliteConnection connection, SqlTable table, List<T> rows)
        where T : class
    {
        if (rows.Count == 0)
        {
            return;
        }

        var properties = table.Properties.ToArray();
        var types = properties.Select(p => SqliteTypeOf(table.MappingOf(p))).ToArray();
        using var statement = new SqliteRowStatement(connection, table.SingleRowInsert, properties.Select((_, i) => "@p" + i).ToArray());
        foreach (var row in rows)
        {
            for (var c = 0; c < properties.Length; c++)
            {
                statement.Bind(c, table.ProviderValue(c, row), types[c]);
            }

            var inserted = statement.Execute();
            if (inserted != 1)
            {
                throw new DbUpdateException($"{table.Name}: {inserted} of 1 rows were inserted; the batch is rolled back.");
            }
        }
    }

    /// <summary>One prepared UPDATE, executed once per row; each execution must change exactly one row.</summary>
    private static void UpdateEach<T>(
        SqliteConnection connection, SqlTable table, string sql, (string Name, string Property)[] parameters, List<T> rows, Func<T, object?[]> values)
    {
        if (rows.Count == 0)
        {
            return;
        }

        var types = parameters.Select(p => SqliteTypeOf(table.MappingOf(p.Property))).ToArray();
        using var statement = new SqliteRowStatement(connection, sql, parameters.Select(p => p.Name).ToArray());
        foreach (var row in rows)
        {
            var rowValues = values(row);
            for (var i = 0; i < parameters.Length; i++)
            {
                statement.Bind(i, table.ProviderValue(parameters[i].Property, rowValues[i]), types[i]);
            }

            Expect(1, statement.Execute(), sql);
        }
    }

    /// <summary>
    /// The storage class Microsoft.Data.Sqlite would bind a mapping's values with, as the EF type mapping sets it on
    /// its parameters (it decides GUIDs: text unless the mapping asks for a BLOB).
    /// </summary>
    private static SqliteType SqliteTypeOf(RelationalTypeMapping mapping) => SqliteTypes.GetOrAdd(mapping, m =>
    {
        using var command = new SqliteCommand();
        return ((SqliteParameter)m.CreateParameter(command, "@x", null, nullable: true)).SqliteType;
    });

    private static object?[] AccountValues(AccountState s) =>
        [s.DebitLimit, s.CreditLimit, s.Status, s.Balance, s.PendingDebits, s.PendingCredits, s.Version];

    /// <summary>Sets a stored transfer's closing fields, only while it is still as loaded (hold status, not reversed).</summary>
    private static string ClosingUpdate(SqlTable t, string p) =>
        $"UPDATE {t.Name} SET {string.Join(", ", ClosingFields.Select((f, i) => $"{t.Column(f)} = @{p}v{i}"))} " +
        $"WHERE {t.Column("Id")} = @{p}id AND {t.Column("HoldStatus")} = @{p}oldHold " +
        $"AND ({t.Column("ReversedById")} IS NULL OR {t.Column("ReversedById")} = @{p}oldReversal);\n";

    private static object?[] ClosingValues(Transfer t) =>
        [t.ExpiresAt, t.HoldStatus, t.ResolvedById, t.ResolvedAt, t.PostedAmount, t.ReversedById, t.JournalSequence];

    private static void AddClosingParameters(DbCommand command, SqlTable t, string p, TransferRecord loaded, Transfer current)
    {
        var values = ClosingValues(current);
        for (var i = 0; i < ClosingFields.Length; i++)
        {
            command.Parameters.Add(t.Parameter(command, ClosingFields[i], $"@{p}v{i}", values[i]));
        }

        command.Parameters.Add(t.Parameter(command, "Id", $"@{p}id", loaded.Id));
        command.Parameters.Add(t.Parameter(command, "HoldStatus", $"@{p}oldHold", loaded.HoldStatus));
        command.Parameters.Add(t.Parameter(command, "ReversedById", $"@{p}oldReversal", loaded.ReversedById));
    }

    /// <summary>Advances a journal head, only from the sequence this batch continued: the chain cannot fork.</summary>
    private static string HeadUpdate(SqlTable t, string p) =>
        $"UPDATE {t.Name} SET {t.Column("LastSequence")} = @{p}s, {t.Column("LastHash")} = @{p}h " +
        $"WHERE {t.Column("Id")} = @{p}id AND {t.Column("LastSequence")} = @{p}old;\n";

    private static void AddHeadParameters(DbCommand command, SqlTable t, string p, Exchange loaded, JournalHead current)
    {
        command.Parameters.Add(t.Parameter(command, "LastSequence", $"@{p}s", current.LastSequence));
        command.Parameters.Add(t.Parameter(command, "LastHash", $"@{p}h", current.LastHash.ToArray()));
        command.Parameters.Add(t.Parameter(command, "Id", $"@{p}id", loaded.Id));
        command.Parameters.Add(t.Parameter(command, "LastSequence", $"@{p}old", loaded.LastSequence));
    }

    /// <summary>A row that did not match its expected old state was changed by another writer: fail the whole batch.</summary>
    private static void Expect(int expected, int actual, string what)
    {
        if (actual != expected)
        {
            throw new DbUpdateConcurrencyException($"{actual} of {expected} rows matched their expected state; the batch is rolled back and retried. ({what})");
        }
    }

    /// <summary>
    /// Statements collected into one command and sent in one round trip. INSERTs insert all their rows or fail,
    /// and each UPDATE row can match at most one row (by primary key), so the total of rows affected equals the
    /// expected total exactly when every guarded row still had its expected state.
    /// </summary>
    private sealed class MultiStatement(DbConnection connection, DbTransaction transaction) : IAsyncDisposable
    {
        private readonly StringBuilder _text = new();
        private int _expected;

        public DbCommand Command { get; private set; } = New(connection, transaction);

        /// <summary>Statements appended so far (all commands): a unique prefix for the next statement's parameters.</summary>
        public int Statements { get; private set; }

        public void Append(string statement, int expectedRows)
        {
            _text.Append(statement);
            _expected += expectedRows;
            Statements++;
        }

        /// <summary>Sends what is collected if the command already holds more than <paramref name="parameters"/> parameters.</summary>
        public async Task FlushIfAboveAsync(int parameters, CancellationToken ct)
        {
            if (_text.Length == 0 || Command.Parameters.Count <= parameters)
            {
                return;
            }

            Command.CommandText = _text.ToString();
            Expect(_expected, await Command.ExecuteNonQueryAsync(ct), $"{Statements} statements");
            await Command.DisposeAsync();
            Command = New(connection, transaction);
            _text.Clear();
            _expected = 0;
        }

        public ValueTask DisposeAsync() => Command.DisposeAsync();

        private static DbCommand New(DbConnection connection, DbTransaction transaction)
        {
            var command = connection.CreateCommand();
            command.Transaction = transaction;
            return command;
        }
    }
}
