using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SolidarityMarket.ServiceDefaults.Data;
using SolidarityMarket.ServiceDefaults.Messaging;

namespace SolidarityMarket.ServiceDefaults.Tests.Messaging;

/// <summary>
/// A relay round must mark its rows sent while its claim holds; otherwise another replica claims the rows the round
/// already published and publishes them again — every ClaimDuration while a broker is slow. The clock is a fake one
/// that the test transport moves on by a slow broker's confirm time at each delivery (a simulated slow broker).
/// </summary>
public sealed class OutboxRelayClaimTests : IAsyncDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);
    private readonly string _file = SqliteTestFile.NewPath("sm-relay-claim");
    private readonly FakeTimeProvider _clock = new(Start);
    private readonly List<(Guid Row, DateTimeOffset At)> _deliveries = [];
    private readonly ServiceProvider _services;

    public OutboxRelayClaimTests()
    {
        var services = new ServiceCollection();
        services.AddDbContext<TestServiceDbContext, TestSqliteDbContext>(o => ProviderOptions.Configure(o, DatabaseProvider.Sqlite, $"Data Source={_file}", "testsvc"));
        services.AddScoped<IOutboxTransport>(_ => new SlowBroker(_clock, TimeSpan.FromSeconds(8), _deliveries));
        _services = services.BuildServiceProvider();
    }

    [Fact]
    public async Task A_round_starts_no_delivery_it_could_not_mark_sent_before_its_claim_ends_and_leaves_the_rest_to_the_next_round()
    {
        await using (var scope = _services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TestServiceDbContext>();
            await db.Database.EnsureCreatedAsync();
            db.OutboxMessages.AddRange(Enumerable.Range(0, 6).Select(i => new OutboxMessage
            {
                Id = Guid.NewGuid(), MessageType = "widget", Body = "{}", CreatedAt = Start.AddMilliseconds(i), NextAttemptAt = Start,
            }));
            await db.SaveChangesAsync();
        }

        // Claim 30 s, confirms that take 8 s each, one at a time: six deliveries (48 s) would outlive the claim.
        var options = new OutboxRelayOptions { ClaimDuration = TimeSpan.FromSeconds(30), DeliveryTimeout = TimeSpan.FromSeconds(10), PublishConcurrency = 1 };
        var relay = new OutboxRelay<TestServiceDbContext>(_services.GetRequiredService<IServiceScopeFactory>(), new OutboxSignal<TestServiceDbContext>(),
            Options.Create(options), _clock, NullLogger<OutboxRelay<TestServiceDbContext>>.Instance);

        var first = await relay.RelayOnceAsync(CancellationToken.None);

        // Started at 0 and 8 s; the third would start at 16 s, past the last start (30 - 2 × 10 = 10 s).
        Assert.Equal(2, first);
        Assert.All(_deliveries, d => Assert.True(d.At < Start + options.ClaimDuration, $"delivered at {d.At - Start} into a claim of {options.ClaimDuration}"));
        var rows = await RowsAsync();
        Assert.Equal(2, rows.Count(r => r.SentAt is not null));
        Assert.All(rows.Where(r => r.SentAt is null), r =>
        {
            Assert.Null(r.LockToken);
            Assert.Equal(0, r.Attempts);
        });

        // The rows left over go out in the next rounds, each once.
        while (await relay.RelayOnceAsync(CancellationToken.None) > 0)
        {
        }

        Assert.All(await RowsAsync(), r => Assert.NotNull(r.SentAt));
        Assert.Equal(6, _deliveries.Select(d => d.Row).Distinct().Count());
        Assert.Equal(6, _deliveries.Count);
    }

    [Fact]
    public void A_claim_no_longer_than_twice_the_delivery_timeout_is_refused()
    {
        Assert.Null(new OutboxRelayOptions().Problem());
        Assert.NotNull(new OutboxRelayOptions { ClaimDuration = TimeSpan.FromSeconds(30), DeliveryTimeout = TimeSpan.FromSeconds(30) }.Problem());
        Assert.NotNull(new OutboxRelayOptions { ClaimDuration = TimeSpan.FromSeconds(20), DeliveryTimeout = TimeSpan.FromSeconds(10) }.Problem());
    }

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

    /// <summary>A broker whose confirm takes <c>confirm</c> on the fake clock: each delivery moves it on by that much.</summary>
    private sealed class SlowBroker(FakeTimeProvider clock, TimeSpan confirm, List<(Guid Row, DateTimeOffset At)> deliveries) : IOutboxTransport
    {
        public Task DeliverAsync(OutboxMessage message, CancellationToken cancellationToken)
        {
            lock (deliveries)
            {
                deliveries.Add((message.Id, clock.GetUtcNow()));
            }

            clock.Advance(confirm);
            return Task.CompletedTask;
        }
    }
}
