using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SolidarityMarket.ServiceDefaults.Data;
using SolidarityMarket.ServiceDefaults.Messaging;

namespace SolidarityMarket.ServiceDefaults.Tests.Messaging;

/// <summary>
/// On SQLite the relay's own writes — the claim of a poll, a failed delivery's retry time, the sent mark — run inside
/// a transaction, so they take the file's write turn like every other writer (ADR 0030) instead of waiting for the
/// lock in SQLite's busy handler, as a statement outside a transaction does.
/// </summary>
public sealed class OutboxRelayWriteTurnTests : IAsyncDisposable
{
    private readonly string _file = SqliteTestFile.NewPath("sm-relay-turn");
    private readonly OutboxUpdates _updates = new();
    private readonly ServiceProvider _services;

    public OutboxRelayWriteTurnTests()
    {
        var services = new ServiceCollection();
        services.AddDbContext<TestServiceDbContext, TestSqliteDbContext>(o =>
            ProviderOptions.Configure(o.AddInterceptors(_updates), DatabaseProvider.Sqlite, $"Data Source={_file}", "testsvc"));
        services.AddScoped<IOutboxTransport, FailsOneRow>();
        _services = services.BuildServiceProvider();
    }

    [Fact]
    public async Task The_relay_claims_records_failures_and_marks_rows_sent_inside_transactions_on_SQLite()
    {
        await using (var scope = _services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TestServiceDbContext>();
            await db.Database.EnsureCreatedAsync();
            db.OutboxMessages.AddRange(Enumerable.Range(0, 3).Select(i => new OutboxMessage
            {
                Id = i == 0 ? FailsOneRow.Failing : Guid.NewGuid(), MessageType = "widget", Body = "{}",
                CreatedAt = DateTimeOffset.UtcNow.AddMilliseconds(i - 10), NextAttemptAt = DateTimeOffset.UtcNow.AddSeconds(-1),
            }));
            await db.SaveChangesAsync();
        }

        var relay = new OutboxRelay<TestServiceDbContext>(_services.GetRequiredService<IServiceScopeFactory>(), new OutboxSignal<TestServiceDbContext>(),
            Options.Create(new OutboxRelayOptions()), TimeProvider.System, NullLogger<OutboxRelay<TestServiceDbContext>>.Instance);

        Assert.Equal(2, await relay.RelayOnceAsync(CancellationToken.None));

        // The claim, the failed row's retry time and the mark: three updates, each inside a transaction.
        Assert.Equal(3, _updates.Seen.Count);
        Assert.All(_updates.Seen, update => Assert.True(update.InTransaction, $"outside a transaction: {update.Sql}"));
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        SqliteTestFile.Delete(_file);
    }

    /// <summary>Records every <c>UPDATE</c> of the outbox and whether it ran inside a transaction.</summary>
    private sealed class OutboxUpdates : DbCommandInterceptor
    {
        public ConcurrentQueue<(string Sql, bool InTransaction)> Seen { get; } = new();

        public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            if (command.CommandText.TrimStart().StartsWith("UPDATE \"OutboxMessages\"", StringComparison.Ordinal))
            {
                Seen.Enqueue((command.CommandText, command.Transaction is not null));
            }

            return ValueTask.FromResult(result);
        }
    }

    private sealed class FailsOneRow : IOutboxTransport
    {
        public static readonly Guid Failing = Guid.NewGuid();

        public Task DeliverAsync(OutboxMessage message, CancellationToken cancellationToken) =>
            message.Id == Failing ? Task.FromException(new InvalidOperationException("The broker refused it.")) : Task.CompletedTask;
    }
}
