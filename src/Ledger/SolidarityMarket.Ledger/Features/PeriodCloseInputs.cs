using SolidarityMarket.Ledger.Data;
using SolidarityMarket.Ledger.Domain;

namespace SolidarityMarket.Ledger.Features;

/// <summary>
/// What a close is computed from, read from the journal of one exchange: each member account's balance at the end of
/// the month, its sales in the month, its trade turnover over the trailing window, and — for a negative balance, when
/// dormancy counts — when it last had an entry. Trade means code Trade or a cross-sector leg (code Clearing) between a
/// member and a clearing account; a trade reversed before the preview counts for nothing, so a reversed sale is not
/// levied (one reversed after the close keeps its levy: the close is posted as previewed).
/// </summary>
public static class PeriodCloseInputs
{
    private static readonly TransferCode[] TradeCodes = [TransferCode.Trade, TransferCode.Clearing];

    /// <returns>The accounts for the planner, and each one's version (what a write-off is applied on).</returns>
    public static async Task<(List<PeriodCloseAccount> Accounts, Dictionary<Guid, long> Versions)> ReadAsync(
        LedgerDbContext db, string exchangeId, DateTimeOffset start, DateTimeOffset end, int windowDays, bool dormancy, CancellationToken ct)
    {
        var members = await db.Accounts.AsNoTracking().Where(a => a.ExchangeId == exchangeId && a.Kind == AccountKind.Member).ToListAsync(ct);
        var journal = db.Journal.AsNoTracking().Where(e => e.ExchangeId == exchangeId);

        // The balance at the month's end from the entries before it alone: those no longer change (the grace after the
        // end lets the last ones commit), so no trade committing meanwhile can skew it, as "today's balance less what
        // moved since" read in two queries could.
        var toEnd = journal.Where(e => e.PostedAt < end);
        var received = await ByPayeeAsync(toEnd, ct);
        var paid = await ByPayerAsync(toEnd, ct);

        // A trade reversed by now counts for nothing: its transfer row says so (a primary-key look-up per entry).
        var trades = journal.Where(e => TradeCodes.Contains(e.Code) && !db.Transfers.Any(t => t.Id == e.TransferId && t.ReversedById != null));
        var inMonth = trades.Where(e => e.PostedAt >= start && e.PostedAt < end);
        var sales = await ByPayeeAsync(inMonth, ct);
        var windowStart = end.AddDays(-windowDays);
        var inWindow = trades.Where(e => e.PostedAt >= windowStart && e.PostedAt < end);
        var bought = await ByPayerAsync(inWindow, ct);
        var sold = await ByPayeeAsync(inWindow, ct);

        var accounts = new List<PeriodCloseAccount>(members.Count);
        foreach (var a in members)
        {
            // Only a negative balance can be written off: the last entry is looked up for those alone (two index seeks).
            DateTimeOffset? lastEntry = dormancy && a.Balance < 0 ? await LastEntryAsync(db, exchangeId, a.Id, ct) : null;
            accounts.Add(new PeriodCloseAccount(
                a.Id, a.Kind, a.Status, a.Balance, a.PendingDebits, a.PendingCredits, a.DebitLimit,
                checked(received.GetValueOrDefault(a.Id) - paid.GetValueOrDefault(a.Id)),
                lastEntry,
                sales.GetValueOrDefault(a.Id),
                checked(bought.GetValueOrDefault(a.Id) + sold.GetValueOrDefault(a.Id))));
        }

        return (accounts, members.ToDictionary(a => a.Id, a => a.Version));
    }

    /// <summary>
    /// Whether reading the inputs failed because a sum does not fit 64 bits (amounts near the ledger's extremes):
    /// a checked addition here, or the database's own overflow (SQLite "integer overflow", PostgreSQL 22003).
    /// </summary>
    public static bool IsOverflow(Exception error) => error switch
    {
        OverflowException => true,
        System.Data.Common.DbException db when db.Message.Contains("overflow", StringComparison.OrdinalIgnoreCase) || db.SqlState == "22003" => true,
        _ => error.InnerException is { } inner && IsOverflow(inner),
    };

    private static async Task<DateTimeOffset?> LastEntryAsync(LedgerDbContext db, string exchangeId, Guid accountId, CancellationToken ct)
    {
        var journal = db.Journal.AsNoTracking().Where(e => e.ExchangeId == exchangeId);
        var asPayer = await journal.Where(e => e.DebitAccountId == accountId).OrderByDescending(e => e.PostedAt).Select(e => (DateTimeOffset?)e.PostedAt).FirstOrDefaultAsync(ct);
        var asPayee = await journal.Where(e => e.CreditAccountId == accountId).OrderByDescending(e => e.PostedAt).Select(e => (DateTimeOffset?)e.PostedAt).FirstOrDefaultAsync(ct);
        return asPayer > asPayee || asPayee is null ? asPayer : asPayee;
    }

    /// <summary>Σ amounts of the entries per account they credit (one grouped query).</summary>
    private static Task<Dictionary<Guid, long>> ByPayeeAsync(IQueryable<JournalEntryRecord> entries, CancellationToken ct) =>
        SumAsync(entries.GroupBy(e => e.CreditAccountId).Select(g => new Sum(g.Key, g.Sum(e => e.Amount))), ct);

    /// <summary>Σ amounts of the entries per account they debit (one grouped query).</summary>
    private static Task<Dictionary<Guid, long>> ByPayerAsync(IQueryable<JournalEntryRecord> entries, CancellationToken ct) =>
        SumAsync(entries.GroupBy(e => e.DebitAccountId).Select(g => new Sum(g.Key, g.Sum(e => e.Amount))), ct);

    private static async Task<Dictionary<Guid, long>> SumAsync(IQueryable<Sum> sums, CancellationToken ct) =>
        (await sums.ToListAsync(ct)).ToDictionary(s => s.AccountId, s => s.Amount);

    private sealed record Sum(Guid AccountId, long Amount);
}
