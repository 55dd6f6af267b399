using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SolidarityMarket.ServiceDefaults.Data;
using SolidarityMarket.ServiceDefaults.Messaging;
using SolidarityMarket.Testing;

namespace SolidarityMarket.ServiceDefaults.Tests.Messaging;

/// <summary>
/// On PostgreSQL the relay claims its round in one statement (<see cref="OutboxClaimSql"/>) instead of three: it must
/// pick exactly the rows the generic path picks, in the same order, and two relays must never claim one row.
/// </summary>
public sealed class OutboxRelayPostgresClaimTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);
    private readonly List<Guid> _deliveries = [];
    private readonly CountStatements _statements = new();
    private ServiceProvider _services = null!;
    private string _database = "";

    public async ValueTask InitializeAsync()
    {
        var connectionString = await TestServers.RequirePostgresAsync("relayclaim");
        _database = new Npgsql.NpgsqlConnectionStringBuilder(connectionString).Database!;
        var services = new ServiceCollection();
        services.AddDbContext<TestServiceDbContext, TestPostgresDbContext>(o =>
            ProviderOptions.Configure(o.AddInterceptors(_statements), DatabaseProvider.Postgres, connectionString, "testsvc"));
        services.AddScoped<IOutboxTransport>(_ => new RecordingBroker(_deliveries));
        _services = services.BuildServiceProvider();
        await using var scope = _services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<TestServiceDbContext>().Database.EnsureCreatedAsync();
    }

    [Fact]
    public async Task A_round_claims_the_oldest_due_unclaimed_rows_in_one_statement_and_delivers_them_in_creation_order()
    {
        var otherToken = Guid.NewGuid();
        var rows = new[]
        {
            Row("due-3", created: 3), Row("due-1", created: 1), Row("claim-expired-2", created: 2, lockToken: otherToken, lockedUntil: Now.AddSeconds(-1)),
            Row("due-5-beyond-the-batch", created: 5), Row("claimed-by-another-0", created: 0, lockToken: otherToken, lockedUntil: Now.AddSeconds(20)),
            Row("sent-0", created: 0, sentAt: Now.AddSeconds(-5)), Row("retry-later-0", created: 0, nextAttemptAt: Now.AddSeconds(5)),
        };
        await SeedAsync(rows);
        _statements.Clear();

        var sent = await Relay(batchSize: 3).RelayOnceAsync(CancellationToken.None);

        Assert.Equal(3, sent);
        Assert.Equal(["due-1", "claim-expired-2", "due-3"], _deliveries.Select(id => rows.Single(r => r.Id == id).MessageType));
        // One statement claims and returns the round, one marks it sent (the generic path takes four).
        Assert.Equal(2, _statements.Count);
        var after = await RowsAsync();
        Assert.All(after.Where(r => _deliveries.Contains(r.Id)), r => Assert.Equal((Now, 1, (Guid?)null), (r.SentAt!.Value, r.Attempts, r.LockToken)));
        Assert.Equal(otherToken, after.Single(r => r.MessageType == "claimed-by-another-0").LockToken);
        Assert.Null(after.Single(r => r.MessageType == "due-5-beyond-the-batch").SentAt);
    }

    [Fact]
    public async Task Two_relays_claiming_at_the_same_time_deliver_every_row_exactly_once()
    {
        await SeedAsync(Enumerable.Range(0, 60).Select(i => Row($"row-{i}", created: i)).ToArray());
        var first = Relay(batchSize: 7);
        var second = Relay(batchSize: 7);

        while (true)
        {
            var rounds = await Task.WhenAll(Task.Run(() => first.RelayOnceAsync(CancellationToken.None)), Task.Run(() => second.RelayOnceAsync(CancellationToken.None)));
            if (rounds.Sum() == 0)
            {
                break;
            }
        }

        Assert.Equal(60, _deliveries.Count);
        Assert.Equal(60, _deliveries.Distinct().Count());
        Assert.All(await RowsAsync(), r => Assert.NotNull(r.SentAt));
    }

    private OutboxRelay<TestServiceDbContext> Relay(int batchSize) => new(
        _services.GetRequiredService<IServiceScopeFactory>(), new OutboxSignal<TestServiceDbContext>(),
        Options.Create(new OutboxRelayOptions { BatchSize = batchSize, PublishConcurrency = 1 }), new FakeTimeProvider(Now),
        NullLogger<OutboxRelay<TestServiceDbContext>>.Instance);

    private static OutboxMessage Row(string name, int created, DateTimeOffset? sentAt = null, DateTimeOffset? nextAttemptAt = null, Guid? lockToken = null, DateTimeOffset? lockedUntil = null) => new()
    {
        Id = Guid.NewGuid(), MessageType = name, Body = "{}", CreatedAt = Now.AddSeconds(-60 + created), SentAt = sentAt,
        NextAttemptAt = nextAttemptAt ?? Now.AddSeconds(-60), LockToken = lockToken, LockedUntil = lockedUntil,
    };

    private async Task SeedAsync(OutboxMessage[] rows)
    {
        await using var scope = _services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TestServiceDbContext>();
        db.OutboxMessages.AddRange(rows);
        await db.SaveChangesAsync();
    }

    private async Task<List<OutboxMessage>> RowsAsync()
    {
        await using var scope = _services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<TestServiceDbContext>().OutboxMessages.AsNoTracking().ToListAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        if (_database.Length > 0)
        {
            await TestServers.DropPostgresAsync(_database);
        }
    }

    private sealed class RecordingBroker(List<Guid> deliveries) : IOutboxTransport
    {
        public Task DeliverAsync(OutboxMessage message, CancellationToken cancellationToken)
        {
            lock (deliveries)
            {
                deliveries.Add(message.Id);
            }

            return Task.CompletedTask;
        }
    }

    private sealed class CountStatements : DbCommandInterceptor
    {
        private int _count;

        public int Count => _count;

        public void Clear() => _count = 0;

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _count);
            return ValueTask.FromResult(result);
        }

        public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _count);
            return ValueTask.FromResult(result);
        }
    }
}
