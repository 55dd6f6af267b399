using System.Data;
using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace SolidarityMarket.ServiceDefaults.Data;

/// <summary>
/// Takes the file's write turn (<see cref="SqliteWriteTurns"/>) before EF Core begins a transaction on a SQLite
/// connection — Microsoft.Data.Sqlite begins them <c>IMMEDIATE</c>, so <c>BEGIN</c> is where the write lock is taken —
/// and gives it back when the transaction commits, rolls back or fails, or the connection closes or is disposed. A transaction merely
/// enlisted (<c>UseTransaction</c>, such as the ledger's deferred read snapshot) takes no turn. The one way out EF
/// reports to no interceptor — a transaction disposed on a connection left open — is caught by the file's watch while
/// others wait: it takes the turn back from a holder out of any transaction (<see cref="SqliteWriteTurns.LeakGrace"/>).
/// </summary>
public sealed class SqliteWriteTurnInterceptor(SqliteWriteTurns turns) : DbTransactionInterceptor, IDbConnectionInterceptor
{
    public static readonly SqliteWriteTurnInterceptor Instance = new(SqliteWriteTurns.Shared);

    private readonly ConditionalWeakTable<DbConnection, SqliteWriteTurns.Turn> _held = new();

    // A finished SqliteTransaction no longer knows its connection: the transaction's end finds it here.
    private readonly ConditionalWeakTable<DbTransaction, DbConnection> _connections = new();

    public override InterceptionResult<DbTransaction> TransactionStarting(DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result)
    {
        if (NeedsTurn(connection, out var sqlite, out var file))
        {
            _held.AddOrUpdate(connection, turns.Take(sqlite, file, CancellationToken.None));
        }

        return result;
    }

    public override async ValueTask<InterceptionResult<DbTransaction>> TransactionStartingAsync(
        DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result, CancellationToken cancellationToken = default)
    {
        if (NeedsTurn(connection, out var sqlite, out var file))
        {
            _held.AddOrUpdate(connection, await turns.TakeAsync(sqlite, file, cancellationToken));
        }

        return result;
    }

    public override DbTransaction TransactionStarted(DbConnection connection, TransactionEndEventData eventData, DbTransaction result)
    {
        Remember(connection, result);
        return result;
    }

    public override ValueTask<DbTransaction> TransactionStartedAsync(
        DbConnection connection, TransactionEndEventData eventData, DbTransaction result, CancellationToken cancellationToken = default)
    {
        Remember(connection, result);
        return ValueTask.FromResult(result);
    }

    public override void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Release(transaction);

    public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default) =>
        Release(transaction);

    public override void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Release(transaction);

    public override Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default) =>
        Release(transaction);

    public override void TransactionFailed(DbTransaction transaction, TransactionErrorEventData eventData) => Release(transaction);

    public override Task TransactionFailedAsync(DbTransaction transaction, TransactionErrorEventData eventData, CancellationToken cancellationToken = default) =>
        Release(transaction);

    void IDbConnectionInterceptor.ConnectionClosed(DbConnection connection, ConnectionEndEventData eventData) => Release(connection);

    Task IDbConnectionInterceptor.ConnectionClosedAsync(DbConnection connection, ConnectionEndEventData eventData) => Release(connection);

    // A context disposed with its connection open (a BEGIN that threw leaves it so) disposes the connection unclosed.
    void IDbConnectionInterceptor.ConnectionDisposed(DbConnection connection, ConnectionEndEventData eventData) => Release(connection);

    Task IDbConnectionInterceptor.ConnectionDisposedAsync(DbConnection connection, ConnectionEndEventData eventData) => Release(connection);

    /// <summary>
    /// A turn for a transaction begun on an open connection to a file; a connection still holding one (its last
    /// transaction left another way) keeps it.
    /// </summary>
    private bool NeedsTurn(DbConnection connection, out SqliteConnection sqlite, out string file)
    {
        sqlite = null!;
        file = null!;
        if (connection is not SqliteConnection s || SqliteWriteTurns.FileOf(s) is not { } path)
        {
            return false;
        }

        if (_held.TryGetValue(connection, out var held) && !held.IsReleased)
        {
            held.Renew();
            return false;
        }

        (sqlite, file) = (s, path);
        return true;
    }

    private void Remember(DbConnection connection, DbTransaction transaction)
    {
        if (_held.TryGetValue(connection, out _))
        {
            _connections.AddOrUpdate(transaction, connection);
        }
    }

    private Task Release(DbTransaction? transaction) =>
        transaction is not null && _connections.TryGetValue(transaction, out var connection) ? Release(connection) : Task.CompletedTask;

    private Task Release(DbConnection connection)
    {
        if (_held.TryGetValue(connection, out var turn))
        {
            _held.Remove(connection);
            turn.Release();
        }

        return Task.CompletedTask;
    }
}
