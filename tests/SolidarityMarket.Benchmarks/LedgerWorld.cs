using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SolidarityMarket.Contracts.Ledger;
using SolidarityMarket.Ledger.Data;
using SolidarityMarket.Ledger.Domain;

namespace SolidarityMarket.Benchmarks;

/// <summary>
/// The accounts a scenario trades between: <c>--accounts</c> member accounts spread evenly over the exchanges the
/// host set up, with limits so generous (10^12 hundredths both ways) that no transfer is refused for lack of room.
/// Trades are "simple": payer and payee in the same exchange, so each is one transfer and one journal entry.
/// </summary>
public sealed class LedgerWorld
{
    public const long GenerousLimit = 1_000_000_000_000;
    public const string Memo = "benchmark trade";

    private readonly Dictionary<string, Guid[]> _byExchange;

    private LedgerWorld(IReadOnlyList<Guid> accounts, Dictionary<Guid, string> exchangeOf, ExchangeDirectory directory)
    {
        Accounts = accounts;
        ExchangeOf = exchangeOf;
        Directory = directory;
        _byExchange = accounts.GroupBy(a => exchangeOf[a]).ToDictionary(g => g.Key, g => g.ToArray());
    }

    public IReadOnlyList<Guid> Accounts { get; }

    public IReadOnlyDictionary<Guid, string> ExchangeOf { get; }

    public ExchangeDirectory Directory { get; }

    /// <summary>Opens the accounts directly in the database; <paramref name="holderOf"/> names each one's holder (HTTP).</summary>
    public static async Task<LedgerWorld> SeedAsync(IServiceProvider services, int count, Func<int, string>? holderOf = null)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LedgerDbContext>();
        var exchanges = await db.Exchanges.AsNoTracking().OrderBy(x => x.Id).ToListAsync();
        var accounts = new List<Guid>(count);
        var exchangeOf = new Dictionary<Guid, string>(count);
        for (var i = 0; i < count; i++)
        {
            var exchange = exchanges[i % exchanges.Count].Id;
            var id = Guid.NewGuid();
            var account = new Account
            {
                Id = id, OwnerId = Guid.NewGuid(), Kind = AccountKind.Member, ExchangeId = exchange, Name = $"bench {i}",
                DebitLimit = GenerousLimit, CreditLimit = GenerousLimit, Status = AccountStatus.Active, Version = 1,
                OpenedAt = DateTimeOffset.UtcNow,
            };
            if (holderOf is not null)
            {
                account.Holders.Add(new AccountHolder { AccountId = id, UserId = holderOf(i) });
            }

            db.Accounts.Add(account);
            accounts.Add(id);
            exchangeOf[id] = exchange;
        }

        await db.SaveChangesAsync();
        return new LedgerWorld(accounts, exchangeOf, new ExchangeDirectory(exchanges.Select(x => x.ToInfo())));
    }

    /// <summary>A random payer (from <paramref name="payers"/> when given) and a different payee in its exchange.</summary>
    public (Guid Payer, Guid Payee, string Exchange, long Amount) PickTrade(Random random, IReadOnlyList<Guid>? payers = null)
    {
        var pool = payers ?? Accounts;
        var payer = pool[random.Next(pool.Count)];
        var exchange = ExchangeOf[payer];
        var candidates = _byExchange[exchange];
        Guid payee;
        do
        {
            payee = candidates[random.Next(candidates.Length)];
        }
        while (payee == payer);

        return (payer, payee, exchange, random.Next(1, 10_001));
    }

    /// <summary>The trade as the service plans it (one leg, no fee: the default exchanges charge none).</summary>
    public TradePlan Plan(Guid tradeId, Guid payer, Guid payee, long amount) => TradePlanner.Plan(new TradeIntent
    {
        TradeId = tradeId,
        PayerAccountId = payer,
        PayerExchangeId = ExchangeOf[payer],
        PayeeAccountId = payee,
        PayeeExchangeId = ExchangeOf[payee],
        Amount = amount,
        Memo = Memo,
    }, Directory).Plan ?? throw new InvalidOperationException("The benchmark's trade could not be planned.");
}

/// <summary>
/// The rows one posted same-exchange trade leaves behind, built exactly as the ledger writer builds them
/// (<c>LedgerBook</c> + <c>LedgerMapping</c> + <c>LedgerBatchCommitter</c>), so that the naive and raw baselines
/// write the same rows — and the journal still verifies afterwards.
/// </summary>
public static class TradeRows
{
    public static (TransferRecord Transfer, JournalEntryRecord Entry, TransferPosted Event, Hash256 Hash) Build(
        Guid id, string exchange, Guid payer, Guid payee, long amount, DateTimeOffset now, long sequence, Hash256 previousHash)
    {
        var hash = JournalEncoding.ComputeHash(
            exchange, sequence, id, TransferKind.Direct, TransferCode.Trade, payer, payee, amount, Guid.Empty, now,
            LedgerWorld.Memo, null, previousHash);
        var transfer = new TransferRecord
        {
            Id = id,
            Kind = TransferKind.Direct,
            RequestDebitAccountId = payer,
            RequestCreditAccountId = payee,
            RequestAmount = amount,
            RequestCode = TransferCode.Trade,
            Code = TransferCode.Trade,
            Memo = LedgerWorld.Memo,
            ExchangeId = exchange,
            DebitAccountId = payer,
            CreditAccountId = payee,
            Amount = amount,
            CreatedAt = now,
            HoldStatus = HoldStatus.NotAHold,
            JournalSequence = sequence,
            TradeId = id,
            TradeRole = TradeLegRole.Trade,
            TradeFeeBasisPoints = 0,
        };
        var entry = new JournalEntryRecord
        {
            ExchangeId = exchange,
            Sequence = sequence,
            TransferId = id,
            Kind = TransferKind.Direct,
            Code = TransferCode.Trade,
            DebitAccountId = payer,
            CreditAccountId = payee,
            Amount = amount,
            RelatedTransferId = Guid.Empty,
            PostedAt = now,
            Memo = LedgerWorld.Memo,
            PreviousHash = previousHash.ToArray(),
            Hash = hash.ToArray(),
        };
        var posted = new TransferPosted(id, exchange, payer, payee, amount, nameof(TransferCode.Trade), null, null, now);
        return (transfer, entry, posted, hash);
    }
}
