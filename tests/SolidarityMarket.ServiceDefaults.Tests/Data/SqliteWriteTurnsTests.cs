using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using SolidarityMarket.ServiceDefaults.Data;
using SolidarityMarket.ServiceDefaults.Tests.Messaging;

namespace SolidarityMarket.ServiceDefaults.Tests.Data;

/// <summary>
/// Write turns per SQLite file (ADR 0030): writers of one process wait for the file's write lock in a first-come,
/// first-served queue instead of SQLite's busy handler, every way a transaction can end gives the turn back, a turn
/// that leaked is taken back, and a waiter gives up as a busy database would. Each test has its own turns and its own
/// file; the grace is long (a slow machine must not take a live turn back) except where a leak is the point.
/// </summary>
public sealed class SqliteWriteTurnsTests : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private readonly string _file = SqliteTestFile.NewPath("sm-turns");
    private string FilePath => System.IO.Path.GetFullPath(_file); // how SQLite names the file (SqliteWriteTurns.FileOf)
    private readonly SqliteWriteTurns _turns = new(leakGrace: TimeSpan.FromSeconds(5), maxWait: TimeSpan.FromSeconds(30));

    [Fact]
    public async Task A_second_writer_waits_in_the_file_s_queue_and_begins_as_soon_as_the_first_commits()
    {
        await CreateAsync();
        await using var first = Context();
        await using var second = Context();
        await using var holding = await first.Database.BeginTransactionAsync();
        first.Widgets.Add(new Widget { Id = Guid.NewGuid() });
        await first.SaveChangesAsync();

        var begin = second.Database.BeginTransactionAsync();
        await WaitUntilAsync(() => _turns.WaitingFor(FilePath) == 1, "the second writer queued");
        Assert.False(begin.IsCompleted);

        await holding.CommitAsync();
        await using var secondTransaction = await begin.WaitAsync(Patience);
        second.Widgets.Add(new Widget { Id = Guid.NewGuid() });
        await second.SaveChangesAsync();
        await secondTransaction.CommitAsync();

        Assert.Equal(2, await CountAsync());
        Assert.Equal(0, _turns.WaitingFor(FilePath));
        Assert.Equal(0, _turns.Reclaimed);
    }

    [Fact]
    public async Task Waiting_writers_get_their_turns_in_the_order_they_asked()
    {
        await CreateAsync();
        await using var holder = Context();
        var holding = await holder.Database.BeginTransactionAsync();
        var order = new ConcurrentQueue<int>();
        var writers = new List<Task>();
        for (var i = 0; i < 4; i++)
        {
            var n = i;
            writers.Add(Task.Run(async () =>
            {
                await using var db = Context();
                await using var transaction = await db.Database.BeginTransactionAsync();
                order.Enqueue(n);
                db.Widgets.Add(new Widget { Id = Guid.NewGuid() });
                await db.SaveChangesAsync();
                await transaction.CommitAsync();
            }));
            await WaitUntilAsync(() => _turns.WaitingFor(FilePath) == n + 1, $"writer {n} queued");
        }

        await holding.CommitAsync();
        await holding.DisposeAsync();
        await Task.WhenAll(writers).WaitAsync(Patience);

        Assert.Equal([0, 1, 2, 3], order.ToArray());
        Assert.Equal(4, await CountAsync());
    }

    public static TheoryData<string> Ends => ["commit", "rollback", "dispose", "close the connection"];

    [Theory]
    [MemberData(nameof(Ends))]
    public async Task Every_end_of_a_transaction_gives_the_turn_to_the_next_writer_at_once(string end)
    {
        await CreateAsync();
        await using var first = Context();
        if (end is "commit" or "rollback")
        {
            // Opened by the caller, so that EF does not close it when the transaction ends: the end alone must give the turn back.
            await first.Database.OpenConnectionAsync();
        }

        var transaction = await first.Database.BeginTransactionAsync();
        first.Widgets.Add(new Widget { Id = Guid.NewGuid() });
        await first.SaveChangesAsync();
        await using var second = Context();
        var begin = second.Database.BeginTransactionAsync();
        await WaitUntilAsync(() => _turns.WaitingFor(FilePath) == 1, "the second writer queued");

        switch (end)
        {
            case "commit":
                await transaction.CommitAsync();
                break;
            case "rollback":
                await transaction.RollbackAsync();
                break;
            case "dispose":
                await transaction.DisposeAsync();
                break;
            default:
                await first.Database.CloseConnectionAsync();
                break;
        }

        await using var next = await begin.WaitAsync(Patience);
        await next.CommitAsync();
        Assert.Equal(0, _turns.Reclaimed); // given back by the end itself, not taken back by the waiter
    }

    [Fact]
    public async Task A_transaction_disposed_on_a_connection_left_open_leaks_its_turn_only_until_the_next_waiter_takes_it_back()
    {
        var turns = new SqliteWriteTurns(leakGrace: TimeSpan.FromMilliseconds(200), maxWait: TimeSpan.FromSeconds(30));
        await CreateAsync();
        await using var first = Context(turns: turns);
        await first.Database.OpenConnectionAsync(); // opened by the caller: disposing the transaction leaves it open
        var transaction = await first.Database.BeginTransactionAsync();
        await transaction.DisposeAsync(); // EF calls no interceptor for a disposal

        await using var second = Context(turns: turns);
        var waited = Stopwatch.StartNew();
        await using var next = await second.Database.BeginTransactionAsync().WaitAsync(Patience);
        second.Widgets.Add(new Widget { Id = Guid.NewGuid() });
        await second.SaveChangesAsync();
        await next.CommitAsync();

        Assert.Equal(1, turns.Reclaimed);
        Assert.True(waited.Elapsed >= turns.LeakGrace, $"taken back after {waited.Elapsed}, before the grace of {turns.LeakGrace}");
        Assert.Equal(1, await CountAsync());
    }

    [Fact]
    public async Task A_BEGIN_that_fails_leaves_no_turn_behind()
    {
        await CreateAsync();
        // Another process's writer, in effect: a connection outside EF (no turn) holding the write lock.
        await using var outsider = new SqliteConnection($"Data Source={_file}");
        await outsider.OpenAsync();
        await using var lockHolder = outsider.BeginTransaction(deferred: false);

        await using (var failing = Context("Default Timeout=1"))
        {
            await Assert.ThrowsAsync<SqliteException>(() => failing.Database.BeginTransactionAsync());
        }

        await lockHolder.RollbackAsync();
        await using var next = Context();
        await using var transaction = await next.Database.BeginTransactionAsync().WaitAsync(Patience);
        next.Widgets.Add(new Widget { Id = Guid.NewGuid() });
        await next.SaveChangesAsync();
        await transaction.CommitAsync();
        Assert.Equal(1, await CountAsync());
        Assert.Equal(0, _turns.Reclaimed);
    }

    [Fact]
    public async Task A_writer_that_waits_past_the_longest_wait_fails_as_a_busy_database_would_and_the_holder_is_unaffected()
    {
        var turns = new SqliteWriteTurns(leakGrace: TimeSpan.FromMilliseconds(100), maxWait: TimeSpan.FromMilliseconds(500));
        await CreateAsync();
        await using var holder = Context(turns: turns);
        await using var holding = await holder.Database.BeginTransactionAsync();
        holder.Widgets.Add(new Widget { Id = Guid.NewGuid() });
        await holder.SaveChangesAsync();

        await using var late = Context(turns: turns);
        var failure = await Assert.ThrowsAsync<SqliteException>(() => late.Database.BeginTransactionAsync().WaitAsync(Patience));

        Assert.Equal(5, failure.SqliteErrorCode); // SQLITE_BUSY, as the busy handler's timeout gives
        Assert.Equal(0, turns.WaitingFor(FilePath));
        await holding.CommitAsync();
        Assert.Equal(1, await CountAsync());
    }

    [Fact]
    public async Task A_cancelled_waiter_leaves_the_queue_and_the_next_writer_is_not_held_up_by_it()
    {
        await CreateAsync();
        await using var holder = Context();
        var holding = await holder.Database.BeginTransactionAsync();
        using var cancel = new CancellationTokenSource();
        await using var cancelled = Context();
        var given = cancelled.Database.BeginTransactionAsync(cancel.Token);
        await WaitUntilAsync(() => _turns.WaitingFor(FilePath) == 1, "the waiter queued");

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => given.WaitAsync(Patience));
        Assert.Equal(0, _turns.WaitingFor(FilePath));

        await holding.CommitAsync();
        await holding.DisposeAsync();
        await using var next = Context();
        await using var transaction = await next.Database.BeginTransactionAsync().WaitAsync(Patience);
        await transaction.CommitAsync();
        Assert.Equal(0, _turns.Reclaimed);
    }

    [Fact]
    public async Task An_in_memory_database_takes_no_turn()
    {
        await using var connection = new SqliteConnection("Data Source=:memory:");
        await connection.OpenAsync();
        Assert.Null(SqliteWriteTurns.FileOf(connection));
        await using var file = new SqliteConnection($"Data Source={_file}");
        Assert.Null(SqliteWriteTurns.FileOf(file)); // not open: no file to name yet
        await file.OpenAsync();
        Assert.Equal(FilePath, SqliteWriteTurns.FileOf(file));
    }

    private TestSqliteDbContext Context(string? extra = null, SqliteWriteTurns? turns = null) =>
        new(new DbContextOptionsBuilder<TestSqliteDbContext>()
            .UseSqlite($"Data Source={_file};{extra}")
            .AddInterceptors(new SqliteWriteTurnInterceptor(turns ?? _turns))
            .Options);

    private async Task CreateAsync()
    {
        await using var db = Context();
        await db.Database.EnsureCreatedAsync();
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL");
    }

    private async Task<int> CountAsync()
    {
        await using var db = Context();
        return await db.Widgets.CountAsync();
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var waited = Stopwatch.StartNew();
        while (!condition())
        {
            if (waited.Elapsed > Patience)
            {
                throw new TimeoutException($"Timed out waiting until {what}.");
            }

            await Task.Delay(10);
        }
    }

    public ValueTask DisposeAsync()
    {
        SqliteTestFile.Delete(_file);
        return ValueTask.CompletedTask;
    }
}
