using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SolidarityMarket.Ledger.Data;
using SolidarityMarket.Ledger.Domain;
using SolidarityMarket.Ledger.Features;
using SolidarityMarket.Ledger.Posting;

namespace SolidarityMarket.Ledger.Tests.Concurrency;

/// <summary>
/// Many concurrent writers against one ledger database (through one or several ledger instances): random trades,
/// cross-sector trades, holds, posts, voids and retries, then the invariants checked on what was stored.
/// </summary>
public sealed class SoakWorld
{
    private readonly IReadOnlyList<IServiceProvider> _instances;
    private readonly List<Guid> _accounts = [];
    private readonly ExchangeDirectory _directory;
    private readonly Dictionary<Guid, string> _exchangeOf = [];

    private SoakWorld(IReadOnlyList<IServiceProvider> instances, ExchangeDirectory directory)
    {
        _instances = instances;
        _directory = directory;
    }

    private int _accepted;
    private int _rejected;
    private int _replays;

    public int Accepted => _accepted;

    public int Rejected => _rejected;

    public int Replays => _replays;

    public static async Task<SoakWorld> CreateAsync(IReadOnlyList<IServiceProvider> instances, int accountCount, string[] exchanges)
    {
        await using var scope = instances[0].CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LedgerDbContext>();
        var directory = new ExchangeDirectory((await db.Exchanges.AsNoTracking().ToListAsync()).Select(x => x.ToInfo()));
        var world = new SoakWorld(instances, directory);
        for (var i = 0; i < accountCount; i++)
        {
            var exchange = exchanges[i % exchanges.Length];
            var id = Guid.NewGuid();
            db.Accounts.Add(new Account
            {
                Id = id, OwnerId = Guid.NewGuid(), Kind = AccountKind.Member, ExchangeId = exchange, Name = $"soak {i}",
                DebitLimit = 5_000, CreditLimit = 8_000, Status = AccountStatus.Active, Version = 1, OpenedAt = DateTimeOffset.UtcNow,
            });
            world._accounts.Add(id);
            world._exchangeOf[id] = exchange;
        }

        await db.SaveChangesAsync();
        return world;
    }

    /// <summary>Runs <paramref name="operations"/> random operations from <paramref name="workers"/> concurrent tasks.</summary>
    public async Task RunAsync(int workers, int operations, int seed)
    {
        var perWorker = operations / workers;
        await Task.WhenAll(Enumerable.Range(0, workers).Select(w => Task.Run(() => WorkerAsync(w, perWorker, seed + w))));
    }

    private async Task WorkerAsync(int worker, int count, int seed)
    {
        var random = new Random(seed);
        var writer = _instances[worker % _instances.Count].GetRequiredService<LedgerWriter>();
        var myHolds = new List<TradePlan>();
        var submitted = new List<TransferWork>();
        for (var i = 0; i < count; i++)
        {
            var roll = random.Next(100);
            TransferWork work;
            if (roll < 10 && submitted.Count > 0)
            {
                work = submitted[random.Next(submitted.Count)]; // a client retry: must be a replay, never applied twice
            }
            else if (roll < 30 && myHolds.Count > 0)
            {
                var hold = myHolds[random.Next(myHolds.Count)];
                myHolds.Remove(hold);
                var requests = random.Next(2) == 0 ? TradePlanner.PlanPost(hold, random.Next(1, (int)hold.Amount + 1)) : TradePlanner.PlanVoid(hold);
                work = new TransferWork(LedgerCommand.SubmitLinked(requests)) { SettlesTradeId = hold.TradeId };
            }
            else
            {
                var payer = _accounts[random.Next(_accounts.Count)];
                var payee = _accounts[random.Next(_accounts.Count)];
                if (payer == payee)
                {
                    continue;
                }

                var asHold = roll is >= 30 and < 50;
                var plan = TradePlanner.Plan(new TradeIntent
                {
                    TradeId = Guid.NewGuid(),
                    PayerAccountId = payer,
                    PayerExchangeId = _exchangeOf[payer],
                    PayeeAccountId = payee,
                    PayeeExchangeId = _exchangeOf[payee],
                    Amount = random.Next(1, 3_000),
                    AsHold = asHold,
                    HoldTimeout = asHold ? TimeSpan.FromHours(1) : null,
                }, _directory).Plan!;
                work = TransferWork.ForPlan(plan);
                if (asHold)
                {
                    myHolds.Add(plan);
                }
            }

            var result = await writer.SubmitAsync(work, CancellationToken.None);
            if (result.IsReplay)
            {
                Interlocked.Increment(ref _replays);
            }
            else if (result.IsAccepted)
            {
                Interlocked.Increment(ref _accepted);
                submitted.Add(work);
            }
            else
            {
                Interlocked.Increment(ref _rejected);
                if (work.Plan is { IsHold: true } refused)
                {
                    myHolds.Remove(refused);
                }
            }
        }
    }

    /// <summary>Every invariant, recomputed from the database: chains, zero-sum, limits, replay, ids once.</summary>
    public async Task AssertInvariantsAsync()
    {
        await using var scope = _instances[0].CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LedgerDbContext>();

        var report = await VerifyLedger.RunAsync(db, CancellationToken.None);
        Assert.True(report.IsIntact, string.Join(Environment.NewLine, report.Breaks.Take(20)));
        Assert.True(report.EntriesChecked > 0, "the soak posted entries");

        var accounts = await db.Accounts.AsNoTracking().ToListAsync();
        foreach (var exchange in accounts.GroupBy(a => a.ExchangeId))
        {
            Assert.Equal(0, exchange.Sum(a => a.Balance));
            Assert.Equal(exchange.Sum(a => a.PendingDebits), exchange.Sum(a => a.PendingCredits));
        }

        foreach (var a in accounts)
        {
            Assert.True(a.Balance - a.PendingDebits >= -a.DebitLimit, $"account {a.Id} is below its floor");
            Assert.True(a.Balance + a.PendingCredits <= a.CreditLimit, $"account {a.Id} is above its ceiling");
        }

        var entries = await db.Journal.AsNoTracking().CountAsync();
        var distinctTransfers = await db.Journal.AsNoTracking().Select(e => e.TransferId).Distinct().CountAsync();
        Assert.Equal(entries, distinctTransfers); // no transfer posted twice
    }
}
