namespace SolidarityMarket.Ledger.Domain;

/// <summary>
/// An exchange's cross-sector position: its clearing account's balance. Positive when its members paid members of
/// other exchanges more than they were paid by them (a net importer: the credits sit in its clearing account);
/// negative for a net exporter. With every conversion rate 1:1 the positions of all exchanges sum to zero.
/// </summary>
public sealed record ExchangePosition(string ExchangeId, long Position);

/// <summary>
/// One settlement between two exchanges: <paramref name="Amount"/> of <paramref name="FromExchangeId"/>'s positive
/// position is settled against as much of <paramref name="ToExchangeId"/>'s negative one.
/// </summary>
public sealed record ExchangeSettlement(string FromExchangeId, string ToExchangeId, long Amount);

/// <summary>
/// Nets the exchanges' cross-sector positions through the network: pairs net importers with net exporters so that
/// every position moves towards zero, never past it, with at most one settlement fewer than the exchanges that take
/// part. The largest remaining position on each side is paired first, which keeps the settlements few (finding the
/// fewest is NP-hard; this is within one of it per exchange and is what a treasurer would do by hand). Settles
/// min(Σ positive, Σ negative): everything when the positions sum to zero, as they do at 1:1.
/// </summary>
public static class ExchangeSettlementPlanner
{
    /// <exception cref="ArgumentException">An exchange appears twice or has an empty id.</exception>
    public static IReadOnlyList<ExchangeSettlement> Plan(IReadOnlyList<ExchangePosition> positions)
    {
        ArgumentNullException.ThrowIfNull(positions);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var p in positions)
        {
            if (p is null || string.IsNullOrEmpty(p.ExchangeId) || !ids.Add(p.ExchangeId))
            {
                throw new ArgumentException("Each exchange appears once, with an id.", nameof(positions));
            }
        }

        // Largest first, ties by id: the same positions always give the same settlements.
        var importers = Side(positions.Where(p => p.Position > 0).Select(p => (p.ExchangeId, p.Position)));
        var exporters = Side(positions.Where(p => p.Position < 0).Select(p => (p.ExchangeId, -p.Position)));
        var settlements = new List<ExchangeSettlement>();
        while (importers.Count > 0 && exporters.Count > 0)
        {
            var (from, owed) = importers.Dequeue();
            var (to, due) = exporters.Dequeue();
            var amount = Math.Min(owed, due);
            settlements.Add(new ExchangeSettlement(from, to, amount));
            if (owed > amount)
            {
                importers.Enqueue((from, owed - amount), (-(owed - amount), from));
            }

            if (due > amount)
            {
                exporters.Enqueue((to, due - amount), (-(due - amount), to));
            }
        }

        return settlements;
    }

    private static PriorityQueue<(string Id, long Amount), (long, string)> Side(IEnumerable<(string Id, long Amount)> rows)
    {
        var queue = new PriorityQueue<(string Id, long Amount), (long, string)>(Comparer<(long, string)>.Create((a, b) =>
            a.Item1 != b.Item1 ? a.Item1.CompareTo(b.Item1) : string.CompareOrdinal(a.Item2, b.Item2)));
        foreach (var row in rows)
        {
            queue.Enqueue(row, (-row.Amount, row.Id));
        }

        return queue;
    }
}
