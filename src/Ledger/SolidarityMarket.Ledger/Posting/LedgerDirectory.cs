using System.Collections.Concurrent;
using SolidarityMarket.Ledger.Data;
using SolidarityMarket.Ledger.Domain;

namespace SolidarityMarket.Ledger.Posting;

/// <summary>
/// What the writer and trade planning look up for every request, kept in memory: the exchange of each account
/// (fixed when the account is opened, never changed, so it can be cached for good) and the exchanges' system
/// accounts and fee rates (written from settings at start-up; re-read after <see cref="ExchangesMaxAge"/> so a
/// replica restarted with new fees is seen by the others). Only ever a routing hint: the writer re-reads every
/// account and head under the exchange locks before applying anything.
/// </summary>
public sealed class LedgerDirectory(TimeProvider time)
{
    public static readonly TimeSpan ExchangesMaxAge = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<Guid, string> _exchangeOf = new();
    private volatile Snapshot? _exchanges;

    /// <summary>The exchange of each of <paramref name="accountIds"/> that exists; unknown accounts are left out.</summary>
    public async Task<Dictionary<Guid, string>> ExchangesOfAsync(LedgerDbContext db, IEnumerable<Guid> accountIds, CancellationToken ct)
    {
        var found = new Dictionary<Guid, string>();
        List<Guid>? missing = null;
        foreach (var id in accountIds)
        {
            if (_exchangeOf.TryGetValue(id, out var exchange))
            {
                found[id] = exchange;
            }
            else if (id != Guid.Empty)
            {
                (missing ??= []).Add(id);
            }
        }

        if (missing is not null)
        {
            foreach (var row in await db.Accounts.AsNoTracking().Where(a => missing.Contains(a.Id)).Select(a => new { a.Id, a.ExchangeId }).ToListAsync(ct))
            {
                _exchangeOf[row.Id] = row.ExchangeId;
                found[row.Id] = row.ExchangeId;
            }
        }

        return found;
    }

    /// <summary>Every exchange's system accounts and fee rate, as trade planning needs them.</summary>
    public async Task<ExchangeDirectory> ExchangesAsync(LedgerDbContext db, CancellationToken ct)
    {
        var now = time.GetTimestamp();
        if (_exchanges is { } cached && time.GetElapsedTime(cached.LoadedAt, now) < ExchangesMaxAge)
        {
            return cached.Directory;
        }

        var directory = new ExchangeDirectory((await db.Exchanges.AsNoTracking().ToListAsync(ct)).Select(x => x.ToInfo()));
        _exchanges = new Snapshot(directory, now);
        return directory;
    }

    private sealed record Snapshot(ExchangeDirectory Directory, long LoadedAt);
}
