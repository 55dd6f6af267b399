using System.Data.Common;
using System.Text;
using Microsoft.EntityFrameworkCore.Storage;
using SolidarityMarket.Ledger.Data;
using SolidarityMarket.Ledger.Domain;
using SolidarityMarket.ServiceDefaults.Messaging;

namespace SolidarityMarket.Ledger.Posting;

/// <summary>
/// Writes a batch with few, plain statements on the context's own connection and transaction (ADR 0007):
/// multi-row INSERTs on PostgreSQL (one round trip per table), one prepared single-row statement re-executed per
/// row on SQLite (in-process, so a call costs microseconds and the statement is parsed once), and every UPDATE
/// guarded by the state it replaces — account version, hold status, journal head sequence — so a row changed by
/// anyone else fails the batch (retried from scratch by the writer) instead of being overwritten.
/// </summary>
public sealed class SqlBatchWriter(LedgerDbContext db) : IBatchWriter
{
    // PostgreSQL takes at most 65,535 parameters per statement; stay well below.
    private const int MaxParameters = 30_000;

    private readonly bool _postgres = IsPostgres(db);

    /// <summary>The providers this path is exercised on by the tests here; others take <see cref="EfBatchWriter"/>.</summary>
    public static bool Supports(LedgerDbContext db) => IsPostgres(db) || db.Database.IsSqlite();

    private static bool IsPostgres(LedgerDbContext db) => db.Database.ProviderName?.Contains("Npgsql", StringComparison.Ordinal) == true;

    internal PhaseClock? clock;

    public async Task WriteAsync(BatchRows rows, CancellationToken ct)
    {
        var connection = db.Database.GetDbConnection();
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("The batch must be written inside the writer's transaction.");

        clock?.Lap("w.TransferRecord");
        await InsertAsync(connection, transaction, typeof(TransferRecord), rows.NewTransfers, ct);
        clock?.Lap("w.JournalEntryRecord");
        await InsertAsync(connection, transaction, typeof(JournalEntryRecord), rows.Entries, ct);
        clock?.Lap("w.OutboxMessage");
        await InsertAsync(connection, transaction, typeof(OutboxMessage), rows.Outbox, ct);
        await InsertAsync(connection, transaction, typeof(LimitChange), rows.LimitChanges, ct);
        if (_postgres)
        {
            await UpdateAccountsInOneStatementAsync(connection, transaction, rows.Accounts, ct);
        }
        else
        {
            await UpdateAccountsOneByOneAsync(connection, transaction, rows.Accounts, ct);
        }

        clock?.Lap("w.accounts");
        await CloseTransfersAsync(connection, transaction, rows.ClosedTransfers, ct);
        await UpdateHeadsAsync(connection, transaction, rows.Heads, ct);
    }

    private Task InsertAsync<T>(DbConnection connection, DbTransaction transaction, Type entity, IReadOnlyList<T> rows, CancellationToken ct)
        where T : class
    {
        if (rows.Count == 0)
        {
            return Task.CompletedTask;
        }

        var table = SqlTable.For(db, entity);
        var perStatement = _postgres ? Math.Max(1, MaxParameters / table.ColumnCount) : 1;
        return table.InsertAsync(connection, transaction, rows, perStatement, ct);
    }

    private static readonly string[] AccountFields = ["DebitLimit", "CreditLimit", "Status", "Balance", "PendingDebits", "PendingCredits", "Version"];

    private static object?[] AccountValues(AccountState s) =>
        [s.DebitLimit, s.CreditLimit, s.Status, s.Balance, s.PendingDebits, s.PendingCredits, s.Version];

    /// <summary>SQLite: <c>UPDATE … WHERE Id = @id AND Version = @old</c>, prepared once, one row per execution.</summary>
    private async Task UpdateAccountsOneByOneAsync(DbConnection connection, DbTransaction transaction, List<(Account Loaded, AccountState Current)> accounts, CancellationToken ct)
    {
        if (accounts.Count == 0)
        {
            return;
        }

        var t = SqlTable.For(db, typeof(Account));
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"UPDATE {t.Name} SET {string.Join(", ", AccountFields.Select((f, i) => $"{t.Column(f)} = @v{i}"))} " +
            $"WHERE {t.Column("Id")} = @id AND {t.Column("Version")} = @old";
        foreach (var (loaded, current) in accounts)
        {
            command.Parameters.Clear();
            var values = AccountValues(current);
            for (var i = 0; i < AccountFields.Length; i++)
            {
                command.Parameters.Add(t.Parameter(command, AccountFields[i], "@v" + i, values[i]));
            }

            command.Parameters.Add(t.Parameter(command, "Id", "@id", loaded.Id));
            command.Parameters.Add(t.Parameter(command, "Version", "@old", loaded.Version));
            Expect(1, await command.ExecuteNonQueryAsync(ct), $"account {loaded.Id} (version {loaded.Version})");
        }
    }

    /// <summary>PostgreSQL: one <c>UPDATE … FROM (VALUES …)</c> per chunk; every row must match its old version.</summary>
    private async Task UpdateAccountsInOneStatementAsync(DbConnection connection, DbTransaction transaction, List<(Account Loaded, AccountState Current)> accounts, CancellationToken ct)
    {
        var t = SqlTable.For(db, typeof(Account));
        var perStatement = MaxParameters / (AccountFields.Length + 2);
        for (var start = 0; start < accounts.Count; start += perStatement)
        {
            var chunk = accounts.GetRange(start, Math.Min(perStatement, accounts.Count - start));
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            var text = new StringBuilder($"UPDATE {t.Name} AS a SET ")
                .AppendJoin(", ", AccountFields.Select((f, i) => $"{t.Column(f)} = v.c{i}"))
                .Append(" FROM (VALUES ");
            for (var r = 0; r < chunk.Count; r++)
            {
                var (loaded, current) = chunk[r];
                text.Append(r == 0 ? "(" : ", (").Append($"@id{r}, @old{r}");
                command.Parameters.Add(t.Parameter(command, "Id", $"@id{r}", loaded.Id));
                command.Parameters.Add(t.Parameter(command, "Version", $"@old{r}", loaded.Version));
                var values = AccountValues(current);
                for (var i = 0; i < AccountFields.Length; i++)
                {
                    text.Append($", @v{r}_{i}");
                    command.Parameters.Add(t.Parameter(command, AccountFields[i], $"@v{r}_{i}", values[i]));
                }

                text.Append(')');
            }

            text.Append($") AS v(id, old, {string.Join(", ", AccountFields.Select((_, i) => $"c{i}"))}) ")
                .Append($"WHERE a.{t.Column("Id")} = v.id AND a.{t.Column("Version")} = v.old");
            command.CommandText = text.ToString();
            Expect(chunk.Count, await command.ExecuteNonQueryAsync(ct), $"{chunk.Count} accounts");
        }
    }

    /// <summary>Sets a stored transfer's closing fields, only while it is still as it was loaded (an open hold, not reversed).</summary>
    private async Task CloseTransfersAsync(DbConnection connection, DbTransaction transaction, List<(TransferRecord Loaded, Transfer Current)> closed, CancellationToken ct)
    {
        if (closed.Count == 0)
        {
            return;
        }

        var t = SqlTable.For(db, typeof(TransferRecord));
        string[] fields = ["ExpiresAt", "HoldStatus", "ResolvedById", "ResolvedAt", "PostedAmount", "ReversedById", "JournalSequence"];
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"UPDATE {t.Name} SET {string.Join(", ", fields.Select((f, i) => $"{t.Column(f)} = @v{i}"))} " +
            $"WHERE {t.Column("Id")} = @id AND {t.Column("HoldStatus")} = @oldHold " +
            $"AND ({t.Column("ReversedById")} IS NULL OR {t.Column("ReversedById")} = @oldReversal)";
        foreach (var (loaded, current) in closed)
        {
            command.Parameters.Clear();
            object?[] values = [current.ExpiresAt, current.HoldStatus, current.ResolvedById, current.ResolvedAt, current.PostedAmount, current.ReversedById, current.JournalSequence];
            for (var i = 0; i < fields.Length; i++)
            {
                command.Parameters.Add(t.Parameter(command, fields[i], "@v" + i, values[i]));
            }

            command.Parameters.Add(t.Parameter(command, "Id", "@id", loaded.Id));
            command.Parameters.Add(t.Parameter(command, "HoldStatus", "@oldHold", loaded.HoldStatus));
            command.Parameters.Add(t.Parameter(command, "ReversedById", "@oldReversal", loaded.ReversedById));
            Expect(1, await command.ExecuteNonQueryAsync(ct), $"transfer {loaded.Id}");
        }
    }

    /// <summary>Advances each journal head, only from the sequence this batch continued (no forked chain).</summary>
    private async Task UpdateHeadsAsync(DbConnection connection, DbTransaction transaction, List<(Exchange Loaded, JournalHead Current)> heads, CancellationToken ct)
    {
        if (heads.Count == 0)
        {
            return;
        }

        var t = SqlTable.For(db, typeof(Exchange));
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"UPDATE {t.Name} SET {t.Column("LastSequence")} = @s, {t.Column("LastHash")} = @h " +
            $"WHERE {t.Column("Id")} = @id AND {t.Column("LastSequence")} = @old";
        foreach (var (loaded, current) in heads)
        {
            command.Parameters.Clear();
            command.Parameters.Add(t.Parameter(command, "LastSequence", "@s", current.LastSequence));
            command.Parameters.Add(t.Parameter(command, "LastHash", "@h", current.LastHash.ToArray()));
            command.Parameters.Add(t.Parameter(command, "Id", "@id", loaded.Id));
            command.Parameters.Add(t.Parameter(command, "LastSequence", "@old", loaded.LastSequence));
            Expect(1, await command.ExecuteNonQueryAsync(ct), $"journal head of {loaded.Id} (sequence {loaded.LastSequence})");
        }
    }

    /// <summary>A row that did not match its expected old state was changed by another writer: fail the whole batch.</summary>
    private static void Expect(int expected, int actual, string what)
    {
        if (actual != expected)
        {
            throw new DbUpdateConcurrencyException($"Stale {what}: {actual} of {expected} rows matched; the batch is rolled back and retried.");
        }
    }
}
