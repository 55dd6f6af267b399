namespace SolidarityMarket.Ledger.Domain.Tests.Clearing;

/// <summary>
/// Checks a clearing plan independently of the solver: validity (bounds, order, balanced set-offs) and optimality
/// by the negative-cycle criterion, so the tests do not trust the code they test.
/// </summary>
internal static class ClearingCertificate
{
    /// <summary>Returns the first reason the plan is wrong for these obligations, or null when it is valid and optimal.</summary>
    public static string? Problem(IReadOnlyList<ClearingObligation> obligations, ClearingPlan plan)
    {
        if (plan.SetOffs.Count != obligations.Count)
        {
            return $"{plan.SetOffs.Count} set-offs for {obligations.Count} obligations";
        }

        long totalBefore = 0;
        long totalSetOff = 0;
        var balance = new Dictionary<Guid, long>();
        var capacity = new Dictionary<(Guid Debtor, Guid Creditor), long>();
        var remaining = new Dictionary<(Guid Debtor, Guid Creditor), long>();
        for (var i = 0; i < obligations.Count; i++)
        {
            var obligation = obligations[i];
            var setOff = plan.SetOffs[i];
            if (setOff.ObligationId != obligation.Id)
            {
                return $"set-off {i} is for {setOff.ObligationId}, not {obligation.Id}";
            }

            if (setOff.SetOff < 0 || setOff.SetOff > obligation.Amount)
            {
                return $"set-off {setOff.SetOff} outside 0..{obligation.Amount} on obligation {i}";
            }

            totalBefore += obligation.Amount;
            totalSetOff += setOff.SetOff;
            balance[obligation.Debtor] = balance.GetValueOrDefault(obligation.Debtor) + setOff.SetOff;
            balance[obligation.Creditor] = balance.GetValueOrDefault(obligation.Creditor) - setOff.SetOff;
            var pair = (obligation.Debtor, obligation.Creditor);
            capacity[pair] = capacity.GetValueOrDefault(pair) + obligation.Amount;
            remaining[pair] = remaining.GetValueOrDefault(pair) + obligation.Amount - setOff.SetOff;
        }

        if (plan.TotalBefore != totalBefore || plan.TotalSetOff != totalSetOff || plan.TotalAfter != totalBefore - totalSetOff)
        {
            return $"totals {plan.TotalBefore}/{plan.TotalSetOff}/{plan.TotalAfter}, expected {totalBefore}/{totalSetOff}/{totalBefore - totalSetOff}";
        }

        foreach (var (account, difference) in balance)
        {
            if (difference != 0)
            {
                return $"account {account} sets off {difference} more as debtor than as creditor: its net position moved";
            }
        }

        if (FindNegativeResidualCycle(capacity, remaining))
        {
            return "the residual graph of the remaining obligations has a negative-cost cycle: less could remain owed";
        }

        if (HasPositiveCycle(remaining))
        {
            return "the remaining obligations still contain a directed cycle";
        }

        return null;
    }

    /// <summary>
    /// Bellman-Ford from a virtual source joined to every node at cost 0: forward arc i→j cost +1 where the remaining
    /// flow is below the capacity, backward arc j→i cost −1 where it is positive. A remaining flow with the same net
    /// positions has minimum total iff no such cycle exists.
    /// </summary>
    public static bool FindNegativeResidualCycle(
        Dictionary<(Guid Debtor, Guid Creditor), long> capacity,
        Dictionary<(Guid Debtor, Guid Creditor), long> remaining)
    {
        var nodes = new Dictionary<Guid, int>();
        int Node(Guid g)
        {
            if (!nodes.TryGetValue(g, out var n))
            {
                n = nodes.Count;
                nodes.Add(g, n);
            }

            return n;
        }

        var arcs = new List<(int From, int To, int Cost)>();
        foreach (var ((debtor, creditor), c) in capacity)
        {
            var f = remaining[(debtor, creditor)];
            if (f < c)
            {
                arcs.Add((Node(debtor), Node(creditor), 1));
            }

            if (f > 0)
            {
                arcs.Add((Node(creditor), Node(debtor), -1));
            }
        }

        var distance = new long[nodes.Count];
        // Shortest paths from the virtual source settle within |V| − 1 rounds; one more that still relaxes shows a
        // negative cycle. The extra round also makes an empty graph answer "no cycle".
        for (var round = 0; round <= nodes.Count; round++)
        {
            var relaxed = false;
            foreach (var (from, to, cost) in arcs)
            {
                if (distance[from] + cost < distance[to])
                {
                    distance[to] = distance[from] + cost;
                    relaxed = true;
                }
            }

            if (!relaxed)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Depth-first search for a directed cycle among the pairs with a positive remaining amount.</summary>
    public static bool HasPositiveCycle(Dictionary<(Guid Debtor, Guid Creditor), long> remaining)
    {
        var next = new Dictionary<Guid, List<Guid>>();
        foreach (var ((debtor, creditor), f) in remaining)
        {
            if (f > 0)
            {
                if (!next.TryGetValue(debtor, out var list))
                {
                    next[debtor] = list = [];
                }

                list.Add(creditor);
            }
        }

        var state = new Dictionary<Guid, int>(); // absent: unvisited, 1: on the stack, 2: done
        bool Visit(Guid v)
        {
            state[v] = 1;
            foreach (var w in next.GetValueOrDefault(v) ?? [])
            {
                var s = state.GetValueOrDefault(w);
                if (s == 1 || (s == 0 && Visit(w)))
                {
                    return true;
                }
            }

            state[v] = 2;
            return false;
        }

        return next.Keys.Any(v => state.GetValueOrDefault(v) == 0 && Visit(v));
    }
}
