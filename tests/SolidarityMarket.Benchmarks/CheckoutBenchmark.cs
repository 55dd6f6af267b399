using System.Diagnostics;
using System.Globalization;
using Npgsql;
using SolidarityMarket.Testing;

namespace SolidarityMarket.Benchmarks;

/// <summary>
/// <c>checkout</c>: concurrent credit checkouts end to end (issue 5, "Scale": ≥ 300 orders/s embedded, ≥ 150 orders/s
/// over RabbitMQ with the services in separate processes, p99 ≤ 500 ms from submit to Paid). For each deployment:
/// set up vendors, listings and buyers through the APIs (<see cref="CheckoutWorld"/>), warm up, run the same
/// checkouts one at a time (the baseline), then <c>--concurrency</c> buyers at once (<see cref="CheckoutScenario"/>),
/// then check that stock and holds agree with the orders. Prints figures, the ratio and the targets met / NOT MET;
/// never fails on speed (exit code 0 unless the arguments are wrong). Not part of <c>all</c>. See docs/performance.md.
/// </summary>
public static class CheckoutBenchmark
{
    public const string Usage =
        "usage: dotnet run -c Release --project tests/SolidarityMarket.Benchmarks -- checkout\n" +
        "         [--orders 3000] [--concurrency 48] [--sequential 100] [--warmup 2000] [--vendors 16] [--buyers 64]\n" +
        "         [--poll-ms 10] [--order-timeout 60] [--max-seconds 120] [--seed 1] [--only embedded|rabbitmq]\n" +
        "         [--steady-round 500] [--steady-rounds 8]   (after --warmup, rounds until the JIT is quiet (embedded) or the hosts' CPU\n" +
        "                                                   per order stops falling (RabbitMQ, at most --steady-rounds); 0 = none)\n" +
        "         [--profile]   (embedded only: messages, SQL and step times per order; slows the run, figures not to quote)";

    private const double EmbeddedTarget = 300;
    private const double RabbitTarget = 150;
    private const double P99Target = 500;

    private sealed record Options(
        int Orders = 3_000, int Concurrency = 48, int Sequential = 100, int Warmup = 2_000, int Vendors = 16, int Buyers = 64,
        int PollMs = 10, int OrderTimeoutSeconds = 60, int MaxSeconds = 120, int Seed = 1, string? Only = null, bool Profile = false,
        int SteadyRound = 500, int SteadyRounds = 8);

    /// <summary>A RabbitMQ warm-up round counts as no longer falling when its hosts' CPU per order is at least this share of the lowest before it.</summary>
    private const double SteadyShare = 0.95;

    public static async Task<int> RunAsync(string[] args)
    {
        if (!CommandLine.TryParse(() => Parse(args), Usage, out var options))
        {
            return CommandLine.BadArguments;
        }

        Console.WriteLine("SolidarityMarket checkout benchmark (credit checkouts, submit → Paid)");
        Console.WriteLine(Report.Machine());
        Console.WriteLine($"options: orders={options.Orders:N0} concurrency={options.Concurrency} sequential={options.Sequential} warmup={options.Warmup} " +
            $"vendors={options.Vendors} buyers={options.Buyers} poll-ms={options.PollMs} order-timeout={options.OrderTimeoutSeconds}s max-seconds={options.MaxSeconds} seed={options.Seed}");
        Console.WriteLine("observed: a poller reads Ordering's database (Id IN (the orders in flight), every --poll-ms) to learn when an order ended;");
        Console.WriteLine("          an order's latency is Ordering's Order.PaidAt minus the client's clock just before its checkout POST (same machine clock),");
        Console.WriteLine("          so the polling interval is not in the latency (it is in the caller-observed figure and slows the closed loop a little).");
        Console.WriteLine();

        var summary = new List<(string Name, RunResult Result, double Target)>();

        if (options.Only is null or "embedded")
        {
            Console.WriteLine("== Embedded: one host, all three modules, SQLite in a fresh temp folder, in-memory bus, HTTP over loopback");
            try
            {
                await using var market = EmbeddedMarket.Start(options.Profile);
                var concurrent = await RunSuiteAsync(market, options, "embedded", () => [$"host log after start-up: {market.Host.Log.Errors} errors, {market.Host.Log.Warnings} warnings", .. market.Host.Log.FirstMessages.Select(m => "  " + m)],
                    (() => Process.GetCurrentProcess().TotalProcessorTime, "this process (host and load generator)"));
                if (concurrent is not null)
                {
                    summary.Add(("embedded (SQLite, in-memory bus)", concurrent, EmbeddedTarget));
                }
            }
            catch (Exception ex)
            {
                PrintFailure(ex);
            }

            Console.WriteLine();
        }

        if (options.Only is null or "rabbitmq")
        {
            Console.WriteLine("== Over RabbitMQ: Catalog, Ordering and Ledger each in its own host process, PostgreSQL (a fresh database)");
            string? database = null;
            try
            {
                // A RabbitMQ node and virtual host of this run's own (as SeparateProcessesTests does): on a shared
                // broker's default virtual host, two runs at once consumed each other's messages from the same queues.
                var started = Stopwatch.GetTimestamp();
                await using var broker = await PrivateRabbitMq.StartNewAsync();
                var virtualHost = await broker.AddVirtualHostAsync("bench-checkout");
                var rabbit = broker.UriOf(virtualHost);
                Console.WriteLine($"   RabbitMQ: a private node {broker.NodeName} on port {broker.Port}, virtual host {virtualHost}, started in {Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s");
                var connection = await TestServers.RequirePostgresAsync("bench_checkout");
                database = new NpgsqlConnectionStringBuilder(connection).Database;
                started = Stopwatch.GetTimestamp();
                await using var market = await HostProcesses.StartAsync(connection, rabbit);
                Console.WriteLine($"   migrated and started the three processes in {Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s");
                var cpuBefore = market.Processes.Select(p => p.CpuTime).ToArray();
                var concurrent = await RunSuiteAsync(market, options, "rabbitmq", () =>
                [
                    "host processes, CPU time over setup and all runs: " + string.Join(", ", market.Processes.Select((p, i) => $"{p.Name} {(p.CpuTime - cpuBefore[i]).TotalSeconds:0.0} s")),
                    "host processes, warning/error log lines: " + string.Join(", ", market.Processes.Select(p => $"{p.Name} {p.Problems}")),
                    .. market.Processes.SelectMany(p => p.FirstProblems(3).Select(l => $"  {p.Name}: {l}")),
                ], (() => market.Processes.Aggregate(TimeSpan.Zero, (sum, p) => sum + p.CpuTime), "the three host processes (not PostgreSQL, RabbitMQ or the load generator)"));
                if (concurrent is not null)
                {
                    summary.Add(("RabbitMQ (3 processes, PostgreSQL)", concurrent, RabbitTarget));
                }
            }
            catch (Exception ex)
            {
                PrintFailure(ex);
            }
            finally
            {
                if (database is not null)
                {
                    await DropAsync(database);
                }
            }

            Console.WriteLine();
        }

        Console.WriteLine($"== Targets (issue 5)   [{Report.LoadAverage()} at the end]");
        foreach (var (name, result, target) in summary)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"   {name,-36} ≥ {target:0} orders/s: {result.PerSecond,7:N1}/s — {(result.PerSecond >= target ? "met" : "NOT MET")};   p99 ≤ {P99Target:0} ms: {result.Percentile(99),8:0.0} ms — {(result.Percentile(99) <= P99Target ? "met" : "NOT MET")}   (rejected {result.Rejected:N0}, failed {result.Failed:N0})"));
        }

        if (summary.Count == 0)
        {
            Console.WriteLine("   nothing measured");
        }

        return 0;
    }

    /// <summary>Setup, warm-up, the one-at-a-time baseline, the concurrent run, verification. Returns the concurrent run.</summary>
    /// <param name="cpu">CPU time used so far by what serves the orders (this process when embedded — the load generator
    /// included —, the three host processes otherwise; the database and broker servers are in neither) and what it covers.</param>
    private static async Task<RunResult?> RunSuiteAsync(IMarketUnderTest market, Options options, string label, Func<IEnumerable<string>> hostNotes, (Func<TimeSpan> Used, string Of) cpu)
    {
        Console.WriteLine($"   {market.Describe}");
        using var handler = new SocketsHttpHandler
        {
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            MaxConnectionsPerServer = int.MaxValue,
            UseCookies = false,
        };
        using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(60) };

        var setup = Stopwatch.GetTimestamp();
        var world = await CheckoutWorld.SetUpAsync(market, http, options.Vendors, options.Buyers);
        Console.WriteLine($"   set up through the APIs in {Stopwatch.GetElapsedTime(setup).TotalSeconds:0.0} s: {world.Vendors.Count} vendors (food, one good each, stock {CheckoutWorld.Stock:N0}, " +
            $"{CheckoutWorld.PriceCredits / 100.0:0.00} credit), {world.Buyers.Count} buyers (member accounts in food), every account's limits raised to {CheckoutWorld.Limit:N0} by an admin");

        await using var watcher = new OrderWatcher(market, TimeSpan.FromMilliseconds(options.PollMs));
        var timeout = TimeSpan.FromSeconds(options.OrderTimeoutSeconds);
        var max = TimeSpan.FromSeconds(options.MaxSeconds);

        async Task<RunResult> Run(string name, int orders, int concurrency, int seed)
        {
            Console.WriteLine($"-- {label} {name}   [{Report.LoadAverage()}]");
            GC.Collect();
            GC.WaitForPendingFinalizers();
            var result = await CheckoutScenario.RunAsync($"{label} {name}", market, world, http, watcher, orders, concurrency, seed, timeout, max);
            Print(result);
            return result;
        }

        if (options.Warmup > 0)
        {
            await Run($"warm-up ({options.Warmup:N0} orders, concurrency {options.Concurrency}, not counted)", options.Warmup, options.Concurrency, options.Seed + 1);
        }

        if (market is HostProcesses hosts)
        {
            await WarmUntilSteadyAsync(options, cpu.Used, (name, orders, seed) => Run(name, orders, options.Concurrency, seed));
            await PostgresStatistics.RefreshAsync(hosts.ConnectionString);
        }
        else if (options.SteadyRound > 0)
        {
            // In one process the JIT's own count says when it is done.
            await WarmUp.UntilJitQuietAsync(round =>
                Run($"warm-up round {round} ({options.SteadyRound:N0} orders, not counted)", options.SteadyRound, options.Concurrency, options.Seed + 100 + round));
        }

        RunResult? sequential = null;
        if (options.Sequential > 0)
        {
            sequential = await Run($"baseline: one at a time ({options.Sequential:N0} orders, concurrency 1)", options.Sequential, 1, options.Seed + 2);
        }

        var profiled = options.Profile ? (market as EmbeddedMarket)?.Host : null;
        if (profiled is not null)
        {
            CheckoutProfile.Reset(profiled);
        }

        // Only the embedded host runs in this process; the RabbitMQ hosts' waits would need their own exporter.
        using var handOverWaits = market is EmbeddedMarket ? new HandOverWaits() : null;
        var runStarted = DateTimeOffset.UtcNow;
        var cpuBefore = cpu.Used();
        // The JIT keeps tiering code up for a while after a short warm-up, and that CPU would be counted as the orders'
        // (docs/performance.md, "Where the CPU goes"): show it. Only this process's JIT: embedded, that is the host.
        var jitMethodsBefore = System.Runtime.JitInfo.GetCompiledMethodCount();
        var jitTimeBefore = System.Runtime.JitInfo.GetCompilationTime();
        var concurrent = await Run($"concurrent ({options.Orders:N0} orders, concurrency {options.Concurrency})", options.Orders, options.Concurrency, options.Seed + 3);
        var cpuMs = (cpu.Used() - cpuBefore).TotalMilliseconds;
        if (concurrent.Attempted > 0)
        {
            var perOrder = cpuMs / concurrent.Attempted;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"   CPU during the concurrent run, {cpu.Of}: {cpuMs / 1000:0.0} s = {perOrder:0.0} ms per order; {Environment.ProcessorCount} cores ÷ that = at most {Environment.ProcessorCount * 1000 / perOrder:N0} orders/s from CPU alone"));
            if (market is EmbeddedMarket)
            {
                foreach (var line in handOverWaits?.Describe() ?? [])
                {
                    Console.WriteLine($"   outbox hand-over wait (commit → its relay takes the row), {line}");
                }

                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"   JIT in this process during the concurrent run: {System.Runtime.JitInfo.GetCompiledMethodCount() - jitMethodsBefore:N0} methods compiled, {(System.Runtime.JitInfo.GetCompilationTime() - jitTimeBefore).TotalSeconds:0.0} s compiling (in the CPU above; near 0 once the warm-up was long enough)"));
            }
        }

        if (profiled is not null)
        {
            foreach (var line in await CheckoutProfile.DescribeAsync(profiled, runStarted, concurrent.Attempted))
            {
                Console.WriteLine($"   {line}");
            }
        }

        if (sequential is { PerSecond: > 0 })
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"   concurrent ÷ one at a time: {concurrent.PerSecond / sequential.PerSecond:0.0}× the orders/s ({concurrent.PerSecond:N1} vs {sequential.PerSecond:N1}); " +
                $"p50 {concurrent.Percentile(50) / sequential.Percentile(50):0.0}× the latency ({concurrent.Percentile(50):0.0} vs {sequential.Percentile(50):0.0} ms)"));
        }

        foreach (var line in await CheckoutScenario.VerifyAsync(market, world, http))
        {
            Console.WriteLine($"   {line}");
        }

        foreach (var line in hostNotes())
        {
            Console.WriteLine($"   {line}");
        }

        return concurrent;
    }

    /// <summary>
    /// Over RabbitMQ (three host processes, whose JIT this process cannot read): warm-up rounds of
    /// <c>--steady-round</c> orders until two rounds in a row are no more than 5% below the lowest CPU per order seen
    /// before them (at most <c>--steady-rounds</c>; two, because one round on a shared machine can be slow for reasons
    /// of its own). The JIT tiers code up for minutes after start — over RabbitMQ in three host
    /// processes, each compiling the same libraries — and that CPU would otherwise be counted as the orders': on
    /// 2026-11-29 the hosts' CPU per order was 14.2 ms after 1,500 warm-up orders and 10.2 ms after 4,000
    /// (docs/performance-history.md). A fixed count cannot fit both a quiet and a busy machine; the falling CPU can.
    /// </summary>
    private static async Task WarmUntilSteadyAsync(Options options, Func<TimeSpan> cpuUsed, Func<string, int, int, Task<RunResult>> run)
    {
        double? lowest = null;
        var flat = 0;
        for (var round = 1; options.SteadyRound > 0 && round <= options.SteadyRounds; round++)
        {
            var before = cpuUsed();
            var result = await run($"warm-up round {round} ({options.SteadyRound:N0} orders, not counted)", options.SteadyRound, options.Seed + 100 + round);
            if (result.Attempted == 0)
            {
                return;
            }

            var perOrder = (cpuUsed() - before).TotalMilliseconds / result.Attempted;
            flat = lowest is { } low && perOrder >= low * SteadyShare ? flat + 1 : 0;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"   CPU per order in this round: {perOrder:0.0} ms{(lowest is { } l ? $" ({perOrder / l:0.00}× the lowest before)" : "")}{(flat == 2 ? " — no longer falling, warm-up done" : "")}"));
            if (flat == 2)
            {
                return;
            }

            lowest = Math.Min(lowest ?? perOrder, perOrder);
        }

        if (options.SteadyRound > 0)
        {
            Console.WriteLine($"   CPU per order still falling after {options.SteadyRounds} rounds: the figures below may still include start-up work");
        }
    }

    private static void Print(RunResult r)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"   {r.Accepted:N0} of {r.Attempted:N0} orders Paid in {r.Elapsed.TotalSeconds:0.00} s = {r.PerSecond:N1} orders/s; " +
            $"submit → Paid p50 {r.Percentile(50):0.0} ms, p95 {r.Percentile(95):0.0} ms, p99 {r.Percentile(99):0.0} ms, max {r.Percentile(100):0.0} ms; " +
            $"rejected {r.Rejected:N0}, failed {r.Failed:N0}"));
        foreach (var note in r.Notes)
        {
            Console.WriteLine($"   {note}");
        }
    }

    private static void PrintFailure(Exception ex)
    {
        Console.WriteLine($"   could not run: {ex.GetType().Name}: {ex.Message.ReplaceLineEndings(" ")}");
        if (Environment.GetEnvironmentVariable("BENCH_DEBUG") is not null)
        {
            Console.WriteLine(ex);
        }
    }

    private static Options Parse(string[] args)
    {
        var options = new Options();
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            int Next() => i + 1 < args.Length && int.Parse(args[++i], NumberStyles.Integer, CultureInfo.InvariantCulture) is var n and >= 0
                ? n
                : throw new ArgumentException($"{arg} needs a whole number ≥ 0.");
            options = arg switch
            {
                "--orders" => options with { Orders = Next() },
                "--concurrency" => options with { Concurrency = Next() },
                "--sequential" => options with { Sequential = Next() },
                "--warmup" => options with { Warmup = Next() },
                "--vendors" => options with { Vendors = Next() },
                "--buyers" => options with { Buyers = Next() },
                "--poll-ms" => options with { PollMs = Next() },
                "--order-timeout" => options with { OrderTimeoutSeconds = Next() },
                "--max-seconds" => options with { MaxSeconds = Next() },
                "--seed" => options with { Seed = Next() },
                "--profile" => options with { Profile = true },
                "--steady-round" => options with { SteadyRound = Next() },
                "--steady-rounds" => options with { SteadyRounds = Next() },
                "--only" when i + 1 < args.Length && args[i + 1] is "embedded" or "rabbitmq" => options with { Only = args[++i] },
                _ => throw new ArgumentException($"Unknown or incomplete argument '{arg}'."),
            };
        }

        if (options.Orders < 1 || options.Concurrency < 1 || options.Vendors < 1 || options.Buyers < 1 || options.PollMs < 1 || options.OrderTimeoutSeconds < 1 || options.MaxSeconds < 1)
        {
            throw new ArgumentException("--orders, --concurrency, --vendors, --buyers, --poll-ms, --order-timeout and --max-seconds must be at least 1.");
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
