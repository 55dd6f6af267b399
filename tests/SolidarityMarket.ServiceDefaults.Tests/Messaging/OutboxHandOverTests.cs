using System.Diagnostics.Metrics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SolidarityMarket.ServiceDefaults.Data;
using SolidarityMarket.ServiceDefaults.Messaging;
using SolidarityMarket.ServiceDefaults.Tests.Messaging.Contracts;

namespace SolidarityMarket.ServiceDefaults.Tests.Messaging;

/// <summary>
/// The outbox rows a process commits are claimed for its own relay as they are written and handed to it in memory at
/// commit (docs/adr/0029): only committed rows, each once, never those of a transaction rolled back or abandoned; the
/// relay delivers them without reading the database and marks them sent; no other relay takes them while the claim
/// holds, and once it has run out (the writing process died) a poll delivers them. SQLite file, fake clock, a recording
/// transport (no broker: what is tested is which rows reach the transport, and when).
/// </summary>
public sealed class OutboxHandOverTests : IAsyncDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);
    private static readonly OutboxRelayOptions Options = new() { ClaimDuration = TimeSpan.FromSeconds(30), DeliveryTimeout = TimeSpan.FromSeconds(10), BatchSize = 5 };
    private readonly string _file = SqliteTestFile.NewPath("sm-handover");
    private readonly FakeTimeProvider _clock = new(Start);
    private readonly List<Guid> _delivered = [];
    private readonly List<Guid?> _claimsDelivered = [];
    private TimeSpan _confirmTime = TimeSpan.Zero; // how far each delivery moves the fake clock (a slow broker)
    private readonly ServiceProvider _services;

    public OutboxHandOverTests()
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(_clock);
        services.AddSingleton(Microsoft.Extensions.Options.Options.Create(Options));
        services.AddSingleton<OutboxSignal<TestServiceDbContext>>();
        services.AddSingleton<OutboxSignalInterceptor<TestServiceDbContext>>();
        services.AddDbContext<TestServiceDbContext, TestSqliteDbContext>((sp, o) =>
        {
            ProviderOptions.Configure(o, DatabaseProvider.Sqlite, $"Data Source={_file}", "testsvc");
            o.AddInterceptors(sp.GetRequiredService<OutboxSignalInterceptor<TestServiceDbContext>>());
        });
        services.AddScoped<IOutboxTransport>(_ => new RecordingTransport(_delivered, _claimsDelivered, () => _clock.Advance(_confirmTime)));
        _services = services.BuildServiceProvider();
        using var scope = _services.CreateScope();
        scope.ServiceProvider.GetRequiredService<TestServiceDbContext>().Database.EnsureCreated();
    }

    private OutboxSignal<TestServiceDbContext> Signal => _services.GetRequiredService<OutboxSignal<TestServiceDbContext>>();

    [Fact]
    public async Task A_row_saved_on_its_own_is_claimed_for_this_process_and_handed_over_once_it_is_committed()
    {
        var id = await SaveWidgetAsync();

        var row = Assert.Single(await RowsAsync());
        Assert.Equal(Signal.Token, row.LockToken);
        Assert.Equal(Start + Options.ClaimDuration, row.LockedUntil);
        Assert.Equal([row.Id], Signal.Take(100).Select(m => m.Id));
        Assert.Equal(id, WidgetOf(row));
        Assert.Empty(Signal.Take(100));
    }

    [Fact]
    public async Task The_time_a_committed_row_waits_for_its_relay_is_recorded_under_its_service()
    {
        var waits = new List<(double Milliseconds, object? Service)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument == OutboxMetrics.HandOverWait)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<double>((_, value, tags, _) =>
        {
            var service = tags.ToArray().FirstOrDefault(t => t.Key == OutboxMetrics.ServiceTag).Value;
            lock (waits)
            {
                waits.Add((value, service));
            }
        });
        listener.Start();

        await SaveWidgetAsync();
        _clock.Advance(TimeSpan.FromMilliseconds(37));
        Assert.Single(Signal.Take(100));

        // Other tests may record at the same time (the listener hears the whole process): this one's wait is the fake
        // clock's 37 ms, under this test's service (its context's name without "DbContext").
        lock (waits)
        {
            Assert.Contains((37.0, (object?)"testservice"), waits);
        }
    }

    [Fact]
    public async Task Rows_of_an_explicit_transaction_are_handed_over_at_its_commit_and_never_when_it_is_rolled_back_or_abandoned()
    {
        await using (var scope = _services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TestServiceDbContext>();

            await using (var rolledBack = await db.Database.BeginTransactionAsync())
            {
                AddWidget(db);
                await db.SaveChangesAsync();
                await rolledBack.RollbackAsync();
            }

            db.ChangeTracker.Clear();
            await using (await db.Database.BeginTransactionAsync())
            {
                // Abandoned: disposed without a commit or a rollback (SQLite rolls it back), no interceptor event.
                AddWidget(db);
                await db.SaveChangesAsync();
            }

            db.ChangeTracker.Clear();
            await using var committed = await db.Database.BeginTransactionAsync();
            var first = AddWidget(db);
            await db.SaveChangesAsync();
            var second = AddWidget(db);
            await db.SaveChangesAsync();
            Assert.Empty(Signal.Take(100));
            await committed.CommitAsync();

            var handed = Signal.Take(100);
            Assert.Equal(new[] { first, second }.Order(), handed.Select(WidgetOf).Order());
        }

        Assert.Equal(2, (await RowsAsync()).Count);
    }

    [Fact]
    public async Task A_row_written_for_a_later_attempt_is_not_handed_over_and_leaves_when_it_is_due()
    {
        await using (var scope = _services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TestServiceDbContext>();
            db.OutboxMessages.Add(new OutboxMessage
            {
                Id = Guid.NewGuid(), MessageType = "widget", Body = "{}", CreatedAt = Start, NextAttemptAt = Start.AddMinutes(5),
            });
            await db.SaveChangesAsync();
        }

        Assert.Empty(Signal.Take(100));
        Assert.Null(Assert.Single(await RowsAsync()).LockToken);
        var relay = Relay(Signal);
        Assert.Equal(0, await relay.RelayOnceAsync(CancellationToken.None));

        _clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(1, await relay.RelayOnceAsync(CancellationToken.None));
        Assert.Single(_delivered);
    }

    [Fact]
    public async Task A_row_written_already_sent_or_already_claimed_is_stored_as_written_and_not_handed_over()
    {
        var claim = Guid.NewGuid();
        await using (var scope = _services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TestServiceDbContext>();
            db.OutboxMessages.Add(new OutboxMessage { Id = Guid.NewGuid(), MessageType = "sent", Body = "{}", CreatedAt = Start, NextAttemptAt = Start, SentAt = Start });
            db.OutboxMessages.Add(new OutboxMessage { Id = Guid.NewGuid(), MessageType = "claimed", Body = "{}", CreatedAt = Start, NextAttemptAt = Start, LockToken = claim, LockedUntil = Start.AddMinutes(1) });
            await db.SaveChangesAsync();
        }

        Assert.Empty(Signal.Take(100));
        var rows = (await RowsAsync()).ToDictionary(r => r.MessageType);
        Assert.Null(rows["sent"].LockToken);
        Assert.Equal(claim, rows["claimed"].LockToken);
        Assert.Equal(Start.AddMinutes(1), rows["claimed"].LockedUntil);
    }

    [Fact]
    public async Task A_save_that_fails_hands_nothing_over_then_or_with_the_next_save_of_the_same_context()
    {
        var id = await SaveWidgetAsync();
        Signal.Take(100);

        await using var scope = _services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TestServiceDbContext>();
        db.Widgets.Add(new Widget { Id = id }); // the same key again
        db.Publish(new WidgetCreated(id), _clock.GetUtcNow());
        await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
        Assert.Empty(Signal.Take(100));

        // A conflict (EF reports it apart from other failures): deleting a widget that is not there.
        db.ChangeTracker.Clear();
        db.Widgets.Remove(new Widget { Id = Guid.NewGuid() });
        AddWidget(db);
        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => db.SaveChangesAsync());
        Assert.Empty(Signal.Take(100));

        // The context's next save writes no outbox row: nothing of the failed ones may go out with it.
        db.ChangeTracker.Clear();
        db.Widgets.Add(new Widget { Id = Guid.NewGuid() });
        await db.SaveChangesAsync();
        Assert.Empty(Signal.Take(100));
        Assert.Single(await RowsAsync());
    }

    [Fact]
    public async Task The_relay_delivers_handed_over_rows_without_a_poll_and_marks_them_sent()
    {
        var rows = new List<Guid>();
        for (var i = 0; i < 7; i++)
        {
            rows.Add(await SaveWidgetAsync());
        }

        var relay = Relay(Signal);

        // Batch of 5: the first round takes five from memory and polls (nothing else is due: all seven are claimed).
        Assert.Equal(5, await relay.RelayOnceAsync(CancellationToken.None));
        Assert.Equal(2, Signal.Waiting);
        Assert.Equal(2, await relay.RelayOnceAsync(CancellationToken.None));

        Assert.Equal(7, _delivered.Count);
        Assert.All(_claimsDelivered, claim => Assert.Equal(Signal.Token, claim)); // from memory, not from a poll
        Assert.Equal(rows.Order(), (await RowsAsync()).Select(WidgetOf).Order());
        Assert.All(await RowsAsync(), r =>
        {
            Assert.NotNull(r.SentAt);
            Assert.Null(r.LockToken);
            Assert.Equal(1, r.Attempts);
        });
    }

    [Fact]
    public async Task The_relay_still_polls_every_poll_interval_while_rows_keep_being_handed_over()
    {
        // A row only a poll can deliver: written for a later attempt, so not claimed at commit.
        await using (var scope = _services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TestServiceDbContext>();
            db.OutboxMessages.Add(new OutboxMessage { Id = Guid.NewGuid(), MessageType = "retry", Body = "{}", CreatedAt = Start, NextAttemptAt = Start.AddSeconds(1) });
            await db.SaveChangesAsync();
        }

        var relay = Relay(Signal);
        await SaveWidgetAsync();
        Assert.Equal(1, await relay.RelayOnceAsync(CancellationToken.None)); // handed over; the poll finds nothing due yet

        // Every round has a hand-over; once a poll interval has passed, a round polls as well.
        _clock.Advance(TimeSpan.FromSeconds(1));
        await SaveWidgetAsync();
        Assert.Equal(2, await relay.RelayOnceAsync(CancellationToken.None));
        Assert.Equal(3, _delivered.Count);
        Assert.All(await RowsAsync(), r => Assert.NotNull(r.SentAt));
    }

    [Fact]
    public async Task Another_relay_leaves_a_handed_over_row_alone_while_its_claim_holds_and_delivers_it_once_the_claim_has_run_out()
    {
        await SaveWidgetAsync();

        // Another replica (its own signal, nothing handed to it) on the same database.
        var other = Relay(new OutboxSignal<TestServiceDbContext>(Microsoft.Extensions.Options.Options.Create(Options), _clock));
        Assert.Equal(0, await other.RelayOnceAsync(CancellationToken.None));
        _clock.Advance(Options.ClaimDuration - TimeSpan.FromSeconds(1));
        Assert.Equal(0, await other.RelayOnceAsync(CancellationToken.None));
        Assert.Empty(_delivered);

        // The writing process died: its claim runs out and the poll takes the row.
        _clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(1, await other.RelayOnceAsync(CancellationToken.None));
        Assert.Single(_delivered);
        Assert.NotNull(Assert.Single(await RowsAsync()).SentAt);
    }

    [Fact]
    public async Task A_handed_over_row_taken_too_late_to_finish_within_its_claim_is_left_to_the_poll_after_the_claim()
    {
        await SaveWidgetAsync();
        var relay = Relay(Signal);

        // Past the last start (claim 30 s - 2 × 10 s): not delivered from memory, unclaimed for the next poll.
        _clock.Advance(Options.LastDeliveryStart + TimeSpan.FromSeconds(1));
        var sent = await relay.RelayOnceAsync(CancellationToken.None);

        // The same round's poll found it unclaimed and delivered it: once in all.
        Assert.Equal(1, sent + await relay.RelayOnceAsync(CancellationToken.None));
        Assert.Single(_delivered);
        Assert.NotEqual(Signal.Token, Assert.Single(_claimsDelivered)); // under a poll round's claim
        Assert.NotNull(Assert.Single(await RowsAsync()).SentAt);
    }

    [Fact]
    public async Task A_relay_that_far_behind_gets_no_more_claimed_rows_and_finds_the_rest_by_polling()
    {
        var waiting = Signal.MaxWaiting;
        for (var i = 0; i < waiting + 2; i++)
        {
            await SaveWidgetAsync();
        }

        Assert.Equal(waiting, Signal.Waiting);
        var rows = await RowsAsync();
        Assert.Equal(2, rows.Count(r => r.LockToken is null));

        var relay = Relay(Signal);
        while (await relay.RelayOnceAsync(CancellationToken.None) > 0)
        {
        }

        Assert.Equal(waiting + 2, _delivered.Distinct().Count());
        Assert.Equal(waiting + 2, _delivered.Count);
    }

    [Fact]
    public async Task Rows_waiting_for_their_sent_mark_keep_their_claim_s_rule_so_a_later_round_starts_no_delivery_after_their_last_start()
    {
        // Marks may wait 5 s (at most half the delivery timeout); each confirm takes 3 s, one delivery at a time.
        var options = new OutboxRelayOptions { ClaimDuration = Options.ClaimDuration, DeliveryTimeout = Options.DeliveryTimeout, BatchSize = 5, PublishConcurrency = 1, MarkDelay = TimeSpan.FromSeconds(5) };
        Assert.Null(options.Problem());
        var relay = new OutboxRelay<TestServiceDbContext>(_services.GetRequiredService<IServiceScopeFactory>(), Signal,
            Microsoft.Extensions.Options.Options.Create(options), _clock, NullLogger<OutboxRelay<TestServiceDbContext>>.Instance);
        _confirmTime = TimeSpan.FromSeconds(3);
        await SaveWidgetAsync();
        Assert.Equal(1, await relay.RelayRoundAsync(markAll: false, CancellationToken.None));
        var first = Assert.Single(_delivered);
        Assert.Null(Assert.Single(await RowsAsync()).SentAt); // delivered at 0 s; its mark waits (due at 5 s), last start 10 s

        for (var i = 0; i < 4; i++)
        {
            await SaveWidgetAsync(); // written at 3 s: by their own claims these could start until 13 s
        }

        // Deliveries start at 3, 6 and 9 s; the fourth would start at 12 s, past the first row's last start: it is not
        // started but unclaimed, the first row is marked, and the round's poll then delivers it under a claim of its own.
        Assert.Equal(4, await relay.RelayRoundAsync(markAll: false, CancellationToken.None));
        Assert.Equal(5, _delivered.Distinct().Count());
        Assert.Equal(5, _delivered.Count);
        Assert.Equal([Signal.Token, Signal.Token, Signal.Token, Signal.Token], _claimsDelivered.Take(4));
        Assert.NotEqual(Signal.Token, _claimsDelivered[4]);
        Assert.NotNull((await RowsAsync()).Single(r => r.Id == first).SentAt);

        Assert.Equal(0, await relay.RelayOnceAsync(CancellationToken.None));
        Assert.All(await RowsAsync(), r => Assert.NotNull(r.SentAt));
    }

    [Fact]
    public void Delivered_rows_are_marked_once_the_oldest_waited_the_mark_delay_or_a_batch_is_waiting_and_keep_the_earliest_last_start()
    {
        var marks = new OutboxSentMarks(_clock, TimeSpan.FromMilliseconds(25));
        Assert.False(marks.IsDue(batchSize: 3));
        Assert.Equal(DateTimeOffset.MaxValue, marks.StartBy);

        marks.Add([Guid.NewGuid()], Start.AddSeconds(10));
        _clock.Advance(TimeSpan.FromMilliseconds(20));
        marks.Add([Guid.NewGuid()], Start.AddSeconds(9));
        Assert.False(marks.IsDue(batchSize: 3));
        Assert.Equal(TimeSpan.FromMilliseconds(5), marks.UntilDue()); // from the oldest row's round
        Assert.Equal(Start.AddSeconds(9), marks.StartBy);

        _clock.Advance(TimeSpan.FromMilliseconds(5));
        Assert.True(marks.IsDue(batchSize: 3));
        Assert.True(new OutboxSentMarks(_clock, TimeSpan.FromSeconds(1)).With([Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid()], Start).IsDue(batchSize: 3));
    }

    private OutboxRelay<TestServiceDbContext> Relay(OutboxSignal<TestServiceDbContext> signal) =>
        new(_services.GetRequiredService<IServiceScopeFactory>(), signal, Microsoft.Extensions.Options.Options.Create(Options), _clock,
            NullLogger<OutboxRelay<TestServiceDbContext>>.Instance);

    private Guid AddWidget(TestServiceDbContext db)
    {
        var id = Guid.NewGuid();
        db.Widgets.Add(new Widget { Id = id });
        db.Publish(new WidgetCreated(id), _clock.GetUtcNow());
        return id;
    }

    private async Task<Guid> SaveWidgetAsync()
    {
        await using var scope = _services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TestServiceDbContext>();
        var id = AddWidget(db);
        await db.SaveChangesAsync();
        return id;
    }

    private static Guid WidgetOf(OutboxMessage row) =>
        System.Text.Json.JsonSerializer.Deserialize<WidgetCreated>(row.Body, new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web))!.WidgetId;

    private async Task<List<OutboxMessage>> RowsAsync()
    {
        await using var scope = _services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<TestServiceDbContext>().OutboxMessages.AsNoTracking().ToListAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        SqliteTestFile.Delete(_file);
    }

    /// <summary>Records each row delivered and the claim it was delivered under (this process's, or a poll round's).</summary>
    private sealed class RecordingTransport(List<Guid> delivered, List<Guid?> claims, Action confirm) : IOutboxTransport
    {
        public Task DeliverAsync(OutboxMessage message, CancellationToken cancellationToken)
        {
            lock (delivered)
            {
                delivered.Add(message.Id);
                claims.Add(message.LockToken);
            }

            confirm();
            return Task.CompletedTask;
        }
    }
}

internal static class OutboxSentMarksTestExtensions
{
    public static OutboxSentMarks With(this OutboxSentMarks marks, List<Guid> rows, DateTimeOffset startBy)
    {
        marks.Add(rows, startBy);
        return marks;
    }
}
