namespace SolidarityMarket.Ledger.Domain;

/// <summary>
/// Multilateral obligation clearing: sets off open obligations against each other as far as possible without
/// changing any account's net position (what it is owed minus what it owes), and without moving credits.
/// </summary>
/// <remarks>
/// <para>
/// The open obligations form a network c(i→j) (i owes j). Any remaining network f with 0 &lt;= f &lt;= c that keeps
/// every net position is a valid result, and the set-off on each arc is c − f. The best one minimises Σf, which is a
/// min-cost flow: source → each net debtor (capacity its net debt), each net creditor → sink (capacity its net
/// claim), and every pair i→j with capacity c(i→j) at cost 1. The solution is exactly optimal — a greedy
/// cycle-cancelling pass can leave more owed than necessary — and it never keeps flow on a cycle, since removing
/// the cycle would lower the cost.
/// </para>
/// <para>
/// Because f carries the same net positions as c, every account's set-off as debtor equals its set-off as creditor.
/// Parallel obligations of one pair become one arc; the pair's set-off then goes to its obligations in input order,
/// each up to its amount, so a caller that sorts oldest due date first clears the oldest first. The same input
/// always gives the same plan.
/// </para>
/// </remarks>
public static class ObligationClearing
{
    private const long CostPerUnitOwed = 1;

    /// <summary>Plans the set-offs; one per obligation, in input order.</summary>
    /// <exception cref="ArgumentException">
    /// An obligation is null, has an amount &lt;= 0, has the same debtor and creditor, or repeats an id.
    /// </exception>
    /// <exception cref="OverflowException">The amounts owed add up past <see cref="long.MaxValue"/>.</exception>
    public static ClearingPlan Plan(IReadOnlyList<ClearingObligation> obligations)
    {
        ArgumentNullException.ThrowIfNull(obligations);
        if (obligations.Count == 0)
        {
            return new ClearingPlan([], 0, 0);
        }

        var ids = new HashSet<Guid>();
        var accounts = new Dictionary<Guid, int>();
        var pairs = new Dictionary<(int Debtor, int Creditor), int>();
        var pairDebtors = new List<int>();
        var pairCreditors = new List<int>();
        var pairCapacities = new List<long>();
        var obligationPairs = new int[obligations.Count];
        long totalBefore = 0;
        for (var i = 0; i < obligations.Count; i++)
        {
            var obligation = obligations[i]
                ?? throw new ArgumentException($"Obligation {i} is null.", nameof(obligations));
            if (obligation.Amount <= 0)
            {
                throw new ArgumentException($"Obligation {obligation.Id} must have a positive amount; got {obligation.Amount}.", nameof(obligations));
            }

            if (obligation.Debtor == obligation.Creditor)
            {
                throw new ArgumentException($"Obligation {obligation.Id} has the same debtor and creditor {obligation.Debtor}.", nameof(obligations));
            }

            if (!ids.Add(obligation.Id))
            {
                throw new ArgumentException($"Obligation id {obligation.Id} appears more than once.", nameof(obligations));
            }

            totalBefore = checked(totalBefore + obligation.Amount);
            var key = (IndexOf(accounts, obligation.Debtor), IndexOf(accounts, obligation.Creditor));
            if (!pairs.TryGetValue(key, out var pair))
            {
                pair = pairCapacities.Count;
                pairs.Add(key, pair);
                pairDebtors.Add(key.Item1);
                pairCreditors.Add(key.Item2);
                pairCapacities.Add(0);
            }

            // A pair's total cannot exceed totalBefore, which was checked above.
            pairCapacities[pair] += obligation.Amount;
            obligationPairs[i] = pair;
        }

        // Net position: incoming − outgoing; each lies within ±totalBefore, so no overflow.
        var net = new long[accounts.Count];
        for (var pair = 0; pair < pairCapacities.Count; pair++)
        {
            net[pairCreditors[pair]] += pairCapacities[pair];
            net[pairDebtors[pair]] -= pairCapacities[pair];
        }

        var source = accounts.Count;
        var sink = accounts.Count + 1;
        var flow = new MinCostFlow(accounts.Count + 2);
        var pairArcs = new int[pairCapacities.Count];
        for (var pair = 0; pair < pairArcs.Length; pair++)
        {
            pairArcs[pair] = flow.AddArc(pairDebtors[pair], pairCreditors[pair], pairCapacities[pair], CostPerUnitOwed);
        }

        long netDebt = 0;
        for (var account = 0; account < net.Length; account++)
        {
            if (net[account] < 0)
            {
                flow.AddArc(source, account, -net[account], 0);
                netDebt += -net[account];
            }
            else if (net[account] > 0)
            {
                flow.AddArc(account, sink, net[account], 0);
            }
        }

        var sent = flow.Solve(source, sink);
        if (sent != netDebt)
        {
            // The obligations themselves are a flow that carries all net debt, so the maximum flow always does.
            throw new InvalidOperationException($"Clearing routed {sent} of {netDebt} net debt; the solver is wrong.");
        }

        var pairSetOffLeft = new long[pairArcs.Length];
        for (var pair = 0; pair < pairArcs.Length; pair++)
        {
            pairSetOffLeft[pair] = pairCapacities[pair] - flow.FlowOn(pairArcs[pair]);
        }

        var setOffs = new ObligationSetOff[obligations.Count];
        long totalSetOff = 0;
        for (var i = 0; i < setOffs.Length; i++)
        {
            var pair = obligationPairs[i];
            var setOff = Math.Min(pairSetOffLeft[pair], obligations[i].Amount);
            pairSetOffLeft[pair] -= setOff;
            totalSetOff += setOff;
            setOffs[i] = new ObligationSetOff(obligations[i].Id, setOff);
        }

        return new ClearingPlan(setOffs, totalBefore, totalSetOff);
    }

    private static int IndexOf(Dictionary<Guid, int> accounts, Guid account)
    {
        if (!accounts.TryGetValue(account, out var index))
        {
            index = accounts.Count;
            accounts.Add(account, index);
        }

        return index;
    }
}
