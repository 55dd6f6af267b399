using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace SolidarityMarket.ServiceDefaults.Data;

public sealed partial class SqliteWriteTurns
{
    /// <summary>
    /// One file's turns: the holder, and the waiters in arrival order, each handed the turn directly when the one
    /// before releases it (no barging, one allocation per wait, no timer per wait). While anyone waits, one timer per
    /// file checks every <see cref="LeakGrace"/> whether the holder looks leaked, and fails waiters past
    /// <see cref="MaxWait"/>.
    /// </summary>
    internal sealed class FileTurns
    {
        private readonly SqliteWriteTurns _turns;
        private readonly string _file;
        private readonly Lock _lock = new();
        private readonly LinkedList<Waiter> _queue = new();
        private readonly Timer _watch;
        private Turn? _holder;
        private bool _watching;

        public FileTurns(SqliteWriteTurns turns, string file)
        {
            _turns = turns;
            _file = file;
            // Created without the first writer's execution context (its activity, logging scopes), which it would keep for good.
            using (ExecutionContext.SuppressFlow())
            {
                _watch = new Timer(static state => ((FileTurns)state!).Watch(), this, Timeout.Infinite, Timeout.Infinite);
            }
        }

        public int Waiting
        {
            get
            {
                lock (_lock)
                {
                    return _queue.Count;
                }
            }
        }

        public Task<Turn> TakeAsync(SqliteConnection connection, CancellationToken cancellationToken)
        {
            Waiter waiter;
            lock (_lock)
            {
                if (_holder is null)
                {
                    _holder = new Turn(this, connection);
                    return Task.FromResult(_holder);
                }

                waiter = new Waiter(connection);
                waiter.Node = _queue.AddLast(waiter);
                if (!_watching)
                {
                    _watching = true;
                    _watch.Change(_turns.LeakGrace, _turns.LeakGrace);
                }
            }

            if (cancellationToken.CanBeCanceled)
            {
                var registration = cancellationToken.UnsafeRegister(static state =>
                {
                    var (turns, w) = ((FileTurns, Waiter))state!;
                    turns.Abandon(w, static w => w.Completion.TrySetCanceled());
                }, (this, waiter));
                bool kept;
                lock (_lock)
                {
                    // Handed the turn (or abandoned) meanwhile: nobody else would dispose the registration.
                    kept = waiter.Node is not null;
                    if (kept)
                    {
                        waiter.Cancellation = registration;
                    }
                }

                if (!kept)
                {
                    registration.Dispose();
                }
            }

            return waiter.Completion.Task;
        }

        public void Released(Turn turn)
        {
            Waiter? next = null;
            Turn? handed = null;
            CancellationTokenRegistration registration = default;
            lock (_lock)
            {
                if (!ReferenceEquals(_holder, turn))
                {
                    return;
                }

                _holder = null;
                if (_queue.First is { } first)
                {
                    next = first.Value;
                    _queue.RemoveFirst();
                    next.Node = null;
                    registration = next.Cancellation;
                    _holder = handed = new Turn(this, next.Connection);
                }
            }

            if (next is not null)
            {
                registration.Dispose();
                // Completes on the pool (RunContinuationsAsynchronously): never runs the next writer on the releaser's stack.
                next.Completion.TrySetResult(handed!);
            }
        }

        /// <summary>Removes a waiter that gave up (cancelled, or past the longest wait) and completes it the given way.</summary>
        private void Abandon(Waiter waiter, Action<Waiter> complete)
        {
            CancellationTokenRegistration registration;
            lock (_lock)
            {
                if (waiter.Node is null)
                {
                    return; // handed the turn already
                }

                _queue.Remove(waiter.Node);
                waiter.Node = null;
                registration = waiter.Cancellation;
            }

            registration.Dispose(); // from within its own callback it does not wait for itself
            complete(waiter);
        }

        private void Watch()
        {
            Turn? leaked = null;
            List<Waiter>? expired = null;
            lock (_lock)
            {
                if (_queue.Count == 0)
                {
                    _watching = false;
                    _watch.Change(Timeout.Infinite, Timeout.Infinite);
                    return;
                }

                if (_holder is { } holder && holder.LooksLeaked(_turns.LeakGrace))
                {
                    leaked = holder;
                }

                foreach (var waiter in _queue)
                {
                    if (Stopwatch.GetElapsedTime(waiter.Since) >= _turns.MaxWait)
                    {
                        (expired ??= []).Add(waiter);
                    }
                }
            }

            if (leaked is not null)
            {
                Interlocked.Increment(ref _turns._reclaimed);
                leaked.Release();
            }

            foreach (var waiter in expired ?? [])
            {
                Abandon(waiter, w => w.Completion.TrySetException(new SqliteException(
                    $"SQLite Error 5: 'database is locked'. Waited {_turns.MaxWait.TotalSeconds:0} s for a write turn at '{_file}'.", 5)));
            }
        }

        private sealed class Waiter(SqliteConnection connection)
        {
            public SqliteConnection Connection { get; } = connection;

            public long Since { get; } = Stopwatch.GetTimestamp();

            public TaskCompletionSource<Turn> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

            public LinkedListNode<Waiter>? Node { get; set; }

            public CancellationTokenRegistration Cancellation { get; set; }
        }
    }
}
