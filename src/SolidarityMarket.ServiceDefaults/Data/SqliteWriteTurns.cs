using System.Collections.Concurrent;
using System.Data;
using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace SolidarityMarket.ServiceDefaults.Data;

/// <summary>
/// Write turns per SQLite file: this process's writers wait for the file's one write lock in a first-come,
/// first-served queue, without a thread, instead of in SQLite's busy handler, which sleeps a blocked thread for up to
/// 100 ms between tries (10.6 ms on average in a trace of the embedded checkout) while the lock it waits for is held
/// ~1 ms at a time (docs/adr/0030-sqlite-write-turns.md).
/// <para>
/// A turn is advice, never the lock: SQLite's own lock still decides, so a writer of another process, a write outside
/// a turn, or a turn given up too early costs only a wait in the busy handler, never correctness. That is why a turn
/// that looks leaked (<see cref="Turn.LooksLeaked"/>) is taken back by the file's watch while others wait, rather
/// than waited for.
/// </para>
/// </summary>
public sealed partial class SqliteWriteTurns(TimeSpan leakGrace, TimeSpan maxWait)
{
    /// <summary>The turns of every file this process writes, with the defaults below.</summary>
    public static readonly SqliteWriteTurns Shared = new(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));

    private readonly ConcurrentDictionary<string, FileTurns> _files = new(StringComparer.Ordinal);

    /// <summary>How long a turn's holder may stay outside any transaction before a waiter takes the turn back.</summary>
    public TimeSpan LeakGrace { get; } = leakGrace;

    /// <summary>The longest a writer waits for its turn: then it fails as SQLite's busy timeout would (30 s, the same).</summary>
    public TimeSpan MaxWait { get; } = maxWait;

    /// <summary>Writers of this file waiting for their turn now (for tests and diagnostics).</summary>
    public int WaitingFor(string file) => _files.TryGetValue(file, out var turns) ? turns.Waiting : 0;

    /// <summary>Turns taken back from holders that looked leaked, all files.</summary>
    public long Reclaimed => Interlocked.Read(ref _reclaimed);

    private long _reclaimed;

    /// <summary>The file a connection writes, or null when it has none to share a lock with (in-memory, temporary).</summary>
    public static string? FileOf(SqliteConnection connection) =>
        connection.State == ConnectionState.Open && connection.DataSource is { Length: > 0 } path ? path : null;

    /// <summary>Waits for the file's turn; the returned turn is released once (later calls do nothing).</summary>
    public Turn Take(SqliteConnection connection, string file, CancellationToken cancellationToken) =>
        TurnsOf(file).TakeAsync(connection, cancellationToken).GetAwaiter().GetResult();

    /// <inheritdoc cref="Take"/>
    public Task<Turn> TakeAsync(SqliteConnection connection, string file, CancellationToken cancellationToken) =>
        TurnsOf(file).TakeAsync(connection, cancellationToken);

    private FileTurns TurnsOf(string file) => _files.GetOrAdd(file, f => new FileTurns(this, f));

    /// <summary>One writer's turn at one file.</summary>
    public sealed class Turn
    {
        private readonly FileTurns _owner;
        private readonly WeakReference<SqliteConnection> _connection;
        private long _takenAt = Stopwatch.GetTimestamp();
        private bool _suspected;
        private int _released;

        internal Turn(FileTurns owner, SqliteConnection connection)
        {
            _owner = owner;
            _connection = new WeakReference<SqliteConnection>(connection);
        }

        public bool IsReleased => Volatile.Read(ref _released) == 1;

        /// <summary>The connection begins another transaction on the turn it still holds: its grace starts again.</summary>
        public void Renew()
        {
            Volatile.Write(ref _takenAt, Stopwatch.GetTimestamp());
            _suspected = false;
        }

        public void Release()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                _owner.Released(this);
            }
        }

        /// <summary>
        /// The holder can no longer be writing: its connection is gone or closed, or it was out of any transaction
        /// (SQLite's autocommit mode) at two checks of the file's watch in a row, more than the grace after it got the
        /// turn — which a writer between its turn and its <c>BEGIN</c> is not, unless its continuation waited that long
        /// for a thread (then the turn is taken back early, which costs only a wait in the busy handler). Called by the
        /// watch only, under the file's lock.
        /// </summary>
        internal bool LooksLeaked(TimeSpan grace)
        {
            if (!_connection.TryGetTarget(out var connection) || connection.State != ConnectionState.Open || connection.Handle is not { } handle)
            {
                return true;
            }

            try
            {
                var outside = Stopwatch.GetElapsedTime(Volatile.Read(ref _takenAt)) > grace && SQLitePCL.raw.sqlite3_get_autocommit(handle) != 0;
                var leaked = outside && _suspected;
                _suspected = outside;
                return leaked;
            }
            catch (ObjectDisposedException)
            {
                return true; // the native connection was closed for good meanwhile (a safe handle never reaches freed memory)
            }
        }
    }
}
