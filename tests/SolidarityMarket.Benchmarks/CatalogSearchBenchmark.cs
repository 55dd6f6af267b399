using System.Diagnostics;
using System.Globalization;
using AutoMapper;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using SolidarityMarket.Catalog;
using SolidarityMarket.Catalog.Data;
using SolidarityMarket.Catalog.Search;
using SolidarityMarket.Testing;

namespace SolidarityMarket.Benchmarks;

/// <summary>
/// <c>catalog-search</c>: p50/p95 of typical searches over generated listings (issue 4: p95 ≤ 15 ms in-process and
/// ≥ 20× faster than a naive LIKE scan), through <see cref="ListingSearch"/> — the code behind
/// <c>GET /api/catalog/listings</c> — on SQLite and PostgreSQL, with <see cref="NaiveListingSearch"/> measured in the
/// same run on the same data. Each call gets a fresh DI scope (a fresh DbContext), as a request does. Prints figures
/// and ratios; never fails on speed. See docs/performance.md.
/// </summary>
public static class CatalogSearchBenchmark
{
    public const string Usage =
        "usage: dotnet run -c Release --project tests/SolidarityMarket.Benchmarks -- catalog-search\n" +
        "         [--listings 100000] [--vendors 2000] [--iterations 200] [--naive-iterations 20] [--warmup 200] [--seed 1] [--only sqlite|postgres] [--query 1-5 (one of the five; all by default)]\n" +
        "         [--sequential (SQLite: the cube, then the page; by default at the same time)] [--clients 1 (callers at once)]\n" +
        "         [--match-limit 0 (default: count and rank every match; N: at most N, ADR 0009)]";

    private sealed record Options(
        int Listings = 100_000, int Vendors = 2_000, int Iterations = 200, int NaiveIterations = 20, int Warmup = 200, int Seed = 1, string? Only = null,
        int MatchLimit = CatalogOptions.DefaultSearchMatchLimit, int Query = 0, bool Sequential = false, int Clients = 1);

    /// <summary>The typical searches: a word, two words, a word with facet filters, a filter-only browse, a browse sorted by price.</summary>
    private static readonly (string Name, ListingSearchQuery Query)[] Queries =
    [
        ("word: q=chair", new() { Text = "chair", Sort = ListingSort.Relevance }),
        ("two words: q=wooden chair", new() { Text = "wooden chair", Sort = ListingSort.Relevance }),
        ("word + facets: q=chair housing certified", new() { Text = "chair", Sectors = new HashSet<string> { "housing" }, Certified = true, Sort = ListingSort.Relevance }),
        ("browse: food, accepts credits, newest", new() { Sectors = new HashSet<string> { "food" }, AcceptsCredits = true, Sort = ListingSort.Newest }),
        ("browse: $25-50, sort=price", new() { PriceBands = new HashSet<int> { 3 }, Sort = ListingSort.Price }),
    ];

    public static async Task<int> RunAsync(string[] args)
    {
        if (!CommandLine.TryParse(() => Parse(args), Usage, out var options))
        {
            return CommandLine.BadArguments;
        }

        Console.WriteLine("SolidarityMarket catalog search benchmark");
        Console.WriteLine(Report.Machine());
        Console.WriteLine($"options: listings={options.Listings:N0} vendors={options.Vendors:N0} iterations={options.Iterations} naive-iterations={options.NaiveIterations} warmup={options.Warmup} seed={options.Seed} match-limit={options.MatchLimit:N0} sequential={options.Sequential} clients={options.Clients}");
        Console.WriteLine();

        if (options.Only is null or "sqlite")
        {
            Console.WriteLine("== SQLite (FTS5), a file in a fresh temp folder");
            await using var host = new CatalogBenchmarkHost();
            await RunOnAsync(host, options);
        }

        if (options.Only is null or "postgres")
        {
            Console.WriteLine("== PostgreSQL (tsvector + GIN), a fresh database");
            string connection;
            try
            {
                connection = await TestServers.RequirePostgresAsync("bench_search");
            }
            catch (Exception ex)
            {
                Console.WriteLine($"   skipped: {ex.Message.ReplaceLineEndings(" ")}");
                return 0;
            }

            try
            {
                await using var host = new CatalogBenchmarkHost(connection);
                await RunOnAsync(host, options);
            }
            finally
            {
                var database = new NpgsqlConnectionStringBuilder(connection).Database!;
                if (Environment.GetEnvironmentVariable("BENCH_KEEP") is not null)
                {
                    // Kept for EXPLAIN ANALYZE by hand, as the SQLite folder is (CatalogBenchmarkHost); drop it yourself.
                    Console.WriteLine($"   kept database {database} (BENCH_KEEP)");
                }
                else
                {
                    await DropAsync(database);
                }
            }
        }

        return 0;
    }

    private static async Task RunOnAsync(CatalogBenchmarkHost host, Options options)
    {
        _ = host.Server;
        var services = host.Services;
        var seeded = await CatalogSearchWorld.SeedAsync(services, options.Listings, options.Vendors, options.Seed);
        Console.WriteLine($"   seeded {options.Listings:N0} listings of {options.Vendors:N0} vendors in {seeded.TotalSeconds:0.0} s   [{Report.LoadAverage()}]");
        var mapping = services.GetRequiredService<IMapper>().ConfigurationProvider;
        var sectors = CatalogOptions.DefaultSectors;
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();

        Console.WriteLine($"   {"query",-44} {"results",8} {"p50 ms",8} {"p95 ms",8} | {"naive res.",10} {"p50 ms",9} {"p95 ms",9} | {"× p50",7} {"× p95",7} | {"cpu ms",7} {"naive cpu",8} | {"calls/s",8}");
        var worstP95 = 0.0;
        var worstRatio = double.MaxValue;
        // --query N runs only the N-th (1-based), e.g. to sample one query shape with dotnet-trace for longer.
        foreach (var (name, query) in options.Query > 0 ? Queries[(options.Query - 1)..options.Query] : Queries)
        {
            var total = "";
            var search = await MeasureAsync(services, options.Warmup, options.Iterations, options.Clients, async db =>
            {
                var result = await ListingSearch.RunAsync(
                    db, mapping, query, sectors, now, TextMatching.FullText, CancellationToken.None, options.MatchLimit, concurrent: !options.Sequential);
                // "≥" when the match limit was reached: the total (and the facet counts) then count only the limit's matches.
                total = string.Create(CultureInfo.InvariantCulture, $"{(result.TotalRelation == "gte" ? "≥" : "")}{result.Total:N0}");
            });
            var naiveTotal = 0;
            var naive = await MeasureAsync(services, Math.Min(options.Warmup, 2), options.NaiveIterations, 1, async db =>
                naiveTotal = await NaiveListingSearch.RunAsync(db, query, now, CancellationToken.None));
            var (p50, p95) = (Stats.Percentile(search.Latencies, 50), Stats.Percentile(search.Latencies, 95));
            var (n50, n95) = (Stats.Percentile(naive.Latencies, 50), Stats.Percentile(naive.Latencies, 95));
            worstP95 = Math.Max(worstP95, p95);
            worstRatio = Math.Min(worstRatio, n95 / p95);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"   {name,-44} {total,8} {p50,8:0.00} {p95,8:0.00} | {naiveTotal,10:N0} {n50,9:0.00} {n95,9:0.00} | {n50 / p50,6:0.0}× {n95 / p95,6:0.0}× | {search.CpuMs,7:0.00} {naive.CpuMs,8:0.00} | {search.CallsPerSecond,8:0.0}"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"   target p95 ≤ 15 ms: worst p95 {worstP95:0.00} ms — {(worstP95 <= 15 ? "met" : "NOT MET")}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"   target ≥ 20× naive (p95): worst {worstRatio:0.0}× — {(worstRatio >= 20 ? "met" : "NOT MET")}"));
        Console.WriteLine($"   [{Report.LoadAverage()}]");
        Console.WriteLine();
    }

    /// <summary>
    /// Runs <paramref name="call"/> warm-up times unmeasured, then measured times, each in a fresh scope, by
    /// <paramref name="clients"/> callers at once (each makes its share of the calls); sorted latencies in ms, CPU ms
    /// per call and calls per second of the measured part.
    /// </summary>
    private static async Task<(double[] Latencies, double CpuMs, double CallsPerSecond)> MeasureAsync(
        IServiceProvider services, int warmup, int iterations, int clients, Func<CatalogDbContext, Task> call)
    {
        async Task<double> TimedAsync()
        {
            var start = Stopwatch.GetTimestamp();
            await using (var scope = services.CreateAsyncScope())
            {
                await call(scope.ServiceProvider.GetRequiredService<CatalogDbContext>());
            }

            return Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }

        async Task<List<double>> CallerAsync(int calls)
        {
            var mine = new List<double>(calls);
            for (var i = 0; i < calls; i++)
            {
                mine.Add(await TimedAsync());
            }

            return mine;
        }

        for (var i = 0; i < warmup; i++)
        {
            await TimedAsync();
        }

        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var started = Stopwatch.GetTimestamp();
        var shares = await Task.WhenAll(Enumerable.Range(0, clients).Select(c => Task.Run(() => CallerAsync(iterations / clients + (c < iterations % clients ? 1 : 0)))));
        var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;

        // CPU time of this process per call: what a query costs here whatever else the shared machine runs (the
        // PostgreSQL server's own CPU is not in it; background services of the host are, and are small).
        var cpuMs = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds / iterations;
        var latencies = shares.SelectMany(s => s).ToArray();
        Array.Sort(latencies);
        return (latencies, cpuMs, iterations / elapsed);
    }

    private static Options Parse(string[] args)
    {
        var options = new Options();
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            int Next() => i + 1 < args.Length && int.Parse(args[++i], NumberStyles.Integer, CultureInfo.InvariantCulture) is var n and > 0
                ? n
                : throw new ArgumentException($"{arg} needs a positive whole number.");
            // 0 allowed: no limit, every match counted and ranked (the exact search).
            int NextOrZero() => i + 1 < args.Length && int.TryParse(args[++i], NumberStyles.None, CultureInfo.InvariantCulture, out var n)
                ? n
                : throw new ArgumentException($"{arg} needs a whole number (0 for none).");
            options = arg switch
            {
                "--listings" => options with { Listings = Next() },
                "--vendors" => options with { Vendors = Next() },
                "--iterations" => options with { Iterations = Next() },
                "--naive-iterations" => options with { NaiveIterations = Next() },
                "--warmup" => options with { Warmup = Next() },
                "--seed" => options with { Seed = Next() },
                "--match-limit" => options with { MatchLimit = NextOrZero() },
                "--sequential" => options with { Sequential = true },
                "--clients" => options with { Clients = Next() },
                "--query" => options with { Query = Next() is var q and <= 5 ? q : throw new ArgumentException("--query is 1 to 5.") },
                "--only" when i + 1 < args.Length && args[i + 1] is "sqlite" or "postgres" => options with { Only = args[++i] },
                _ => throw new ArgumentException($"Unknown or incomplete argument '{arg}'."),
            };
        }

        return options;
    }

    private static async Task DropAsync(string database)
    {
        if (await TestServers.DropPostgresAsync(database) is { } problem)
        {
            Console.WriteLine($"   could not drop the benchmark database {database}: {problem}");
        }
    }
}
