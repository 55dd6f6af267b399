using System.Diagnostics;
using System.Globalization;
using Bogus;
using SolidarityMarket.Ledger.Domain;

namespace SolidarityMarket.Benchmarks;

/// <summary>
/// Multilateral obligation clearing (docs/ledger.md, "Clearing obligations"): how much of a network's debt the
/// clearing run's optimal set-off removes, against the obvious baseline measured in the same run — cancelling
/// cycles greedily, one found cycle at a time, until none is left — and how long each takes. The network is
/// generated (Bogus, fixed seed): invoices between members, creditors drawn with a Zipf-like skew (a few wholesalers
/// and hubs are paid by many), amounts log-normal around 500 credits. Prints figures; never fails on them.
/// </summary>
public static class ClearingBenchmark
{
    public const string Usage =
        "usage: dotnet run -c Release --project tests/SolidarityMarket.Benchmarks -- clearing [--accounts N] [--obligations N] [--rounds N] [--seed N]";

    public sealed record Options(int Accounts = 1_000, int Obligations = 10_000, int Rounds = 5, int Seed = 2026);

    public static Task<int> RunAsync(string[] args)
    {
        if (!CommandLine.TryParse(() => Parse(args), Usage, out var options))
        {
            return Task.FromResult(CommandLine.BadArguments);
        }

        Console.WriteLine("SolidarityMarket obligation clearing benchmark");
        Console.WriteLine(Report.Machine());
        Console.WriteLine($"options: {options}");
        var network = Generate(options);
        var owed = network.Sum(o => o.Amount);
        Console.WriteLine($"network: {options.Accounts:N0} accounts, {network.Count:N0} obligations, {owed / 100m:N2} credits owed");

        // Warm up both (JIT), then time each several times and keep the median.
        ObligationClearing.Plan(network);
        GreedyCycleCancelling(network);
        var optimal = Time(options.Rounds, () => ObligationClearing.Plan(network).TotalSetOff);
        var greedy = Time(options.Rounds, () => GreedyCycleCancelling(network));

        Console.WriteLine();
        Console.WriteLine("| method | debt removed | share of debt | median time |");
        Console.WriteLine("|---|---:|---:|---:|");
        Console.WriteLine($"| clearing run (min-cost flow, optimal) | {optimal.SetOff / 100m:N2} | {Share(optimal.SetOff, owed)} | {optimal.Median.TotalMilliseconds:N1} ms |");
        Console.WriteLine($"| baseline: greedy cycle cancelling | {greedy.SetOff / 100m:N2} | {Share(greedy.SetOff, owed)} | {greedy.Median.TotalMilliseconds:N1} ms |");
        Console.WriteLine();
        Console.WriteLine($"optimal / greedy debt removed: {(greedy.SetOff == 0 ? "n/a" : ((double)optimal.SetOff / greedy.SetOff).ToString("0.000", CultureInfo.InvariantCulture))}×; " +
            $"time: {(optimal.Median.TotalMilliseconds / Math.Max(greedy.Median.TotalMilliseconds, 0.001)).ToString("0.00", CultureInfo.InvariantCulture)}× the greedy's");
        return Task.FromResult(0);
    }

    /// <summary>
    /// The baseline: find any cycle of positive debts (depth-first), cancel its smallest debt around it, repeat until
    /// the remaining debts are acyclic. Every step keeps net positions, so it is a valid clearing, but which cycles it
    /// cancels first decides how much it removes: it stops at a local optimum. Returns the debt removed.
    /// </summary>
    public static long GreedyCycleCancelling(IReadOnlyList<ClearingObligation> obligations)
    {
        var index = new Dictionary<Guid, int>();
        int Node(Guid id) => index.TryGetValue(id, out var n) ? n : index[id] = index.Count;
        var arcs = new Dictionary<(int From, int To), long>();
        foreach (var o in obligations)
        {
            var key = (Node(o.Debtor), Node(o.Creditor));
            arcs[key] = arcs.GetValueOrDefault(key) + o.Amount;
        }

        var outgoing = new List<int>[index.Count];
        for (var i = 0; i < outgoing.Length; i++)
        {
            outgoing[i] = [];
        }

        foreach (var (from, to) in arcs.Keys)
        {
            outgoing[from].Add(to);
        }

        long removed = 0;
        while (FindCycle(outgoing, arcs) is { } cycle)
        {
            var least = cycle.Min(arc => arcs[arc]);
            foreach (var arc in cycle)
            {
                arcs[arc] -= least;
                if (arcs[arc] == 0)
                {
                    arcs.Remove(arc);
                    outgoing[arc.From].Remove(arc.To);
                }
            }

            removed += least * cycle.Count;
        }

        return removed;
    }

    /// <summary>A cycle of remaining debts as its arcs, or null: iterative depth-first search with colours.</summary>
    private static List<(int From, int To)>? FindCycle(List<int>[] outgoing, Dictionary<(int From, int To), long> arcs)
    {
        var colour = new byte[outgoing.Length]; // 0 unseen, 1 on the stack, 2 done
        var parent = new int[outgoing.Length];
        var next = new int[outgoing.Length];
        for (var start = 0; start < outgoing.Length; start++)
        {
            if (colour[start] != 0)
            {
                continue;
            }

            var stack = new Stack<int>();
            stack.Push(start);
            colour[start] = 1;
            parent[start] = -1;
            while (stack.Count > 0)
            {
                var u = stack.Peek();
                if (next[u] < outgoing[u].Count)
                {
                    var v = outgoing[u][next[u]++];
                    if (colour[v] == 1)
                    {
                        var cycle = new List<(int, int)> { (u, v) };
                        for (var w = u; w != v; w = parent[w])
                        {
                            cycle.Add((parent[w], w));
                        }

                        return cycle;
                    }

                    if (colour[v] == 0)
                    {
                        colour[v] = 1;
                        parent[v] = u;
                        stack.Push(v);
                    }
                }
                else
                {
                    colour[u] = 2;
                    stack.Pop();
                }
            }
        }

        return null;
    }

    private static List<ClearingObligation> Generate(Options options)
    {
        var random = new Randomizer(options.Seed);
        var accounts = Enumerable.Range(0, options.Accounts).Select(i => new Guid(i + 1, 0, 0, new byte[8])).ToArray();
        // Creditor weights ~ 1/rank: a few hubs are owed by many, most members by few.
        var weights = accounts.Select((_, i) => 1.0 / (i + 1)).ToArray();
        var cumulative = new double[weights.Length];
        var sum = 0.0;
        for (var i = 0; i < weights.Length; i++)
        {
            sum += weights[i];
            cumulative[i] = sum;
        }

        var obligations = new List<ClearingObligation>(options.Obligations);
        while (obligations.Count < options.Obligations)
        {
            var debtor = random.Number(0, accounts.Length - 1);
            var pick = random.Double() * sum;
            var found = Array.BinarySearch(cumulative, pick);
            var creditor = Math.Min(found < 0 ? ~found : found, accounts.Length - 1);
            if (creditor == debtor)
            {
                continue;
            }

            // Log-normal around 500.00 credits (in hundredths), from 1.00 to 1,000,000.00.
            var normal = Math.Sqrt(-2 * Math.Log(1 - random.Double())) * Math.Cos(2 * Math.PI * random.Double());
            var amount = (long)Math.Clamp(Math.Exp(Math.Log(50_000) + normal), 100, 100_000_000);
            obligations.Add(new ClearingObligation(new Guid(0, 0, 0, BitConverter.GetBytes((long)obligations.Count)), accounts[debtor], accounts[creditor], amount));
        }

        return obligations;
    }

    private static (long SetOff, TimeSpan Median) Time(int rounds, Func<long> run)
    {
        var times = new List<TimeSpan>();
        long setOff = 0;
        for (var i = 0; i < rounds; i++)
        {
            var watch = Stopwatch.StartNew();
            setOff = run();
            times.Add(watch.Elapsed);
        }

        return (setOff, times.Order().ElementAt(times.Count / 2));
    }

    private static string Share(long part, long whole) => ((double)part / whole).ToString("0.0%", CultureInfo.InvariantCulture);

    private static Options Parse(string[] args)
    {
        var options = new Options();
        for (var i = 0; i < args.Length; i++)
        {
            int Next() => i + 1 < args.Length && int.TryParse(args[++i], NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n > 0
                ? n : throw new ArgumentException($"{args[i]} needs a positive whole number.");
            options = args[i] switch
            {
                "--accounts" => options with { Accounts = Math.Max(2, Next()) },
                "--obligations" => options with { Obligations = Next() },
                "--rounds" => options with { Rounds = Next() },
                "--seed" => options with { Seed = Next() },
                _ => throw new ArgumentException($"Unknown argument '{args[i]}'."),
            };
        }

        return options;
    }
}
