using System.Text.RegularExpressions;
using SolidarityMarket.Testing;

namespace SolidarityMarket.SystemTests;

/// <summary>
/// The benchmark program (tests/SolidarityMarket.Benchmarks) is a console program that no test ran, so it could break
/// unseen: for most of 2026-11-30 its Kestrel hosts could not start, and the checkout and HTTP ledger scenarios printed
/// "could not run" and measured nothing. Each test runs one scenario group of the real program at a tiny size and checks
/// that it ran: every transfer or order, the ledger's verification after each ledger scenario, stock and holds against
/// the orders after the checkout, a row per query of the search. Nothing here looks at speed: the figures of a run
/// this small mean nothing.
/// </summary>
public sealed class BenchmarkSmokeTests
{
    private static readonly TimeSpan Longest = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task The_embedded_checkout_scenario_runs_and_its_orders_stock_and_holds_agree()
    {
        var output = await RunAsync("checkout", "--only", "embedded", "--orders", "30", "--warmup", "0", "--steady-round", "0",
            "--sequential", "3", "--concurrency", "8", "--vendors", "2", "--buyers", "8");

        Assert.Contains("30 of 30 orders Paid", output, StringComparison.Ordinal);
        Assert.Contains("Catalog stock taken 33 units vs 33 orders holding stock (one unit each) — agree", output, StringComparison.Ordinal);
        Assert.Contains("Ledger holds on the buyers' accounts 3,300 vs 33 Paid orders totalling 3,300 credit hundredths — agree", output, StringComparison.Ordinal);
        Assert.Contains("embedded (SQLite, in-memory bus)     ≥ 300 orders/s:", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_sqlite_ledger_scenarios_run_every_transfer()
    {
        var output = await RunAsync("ledger-sqlite", "--transfers", "400", "--naive-transfers", "40", "--warmup", "0", "--callers", "8", "--accounts", "200");

        // Service, raw batch of 1,000, raw batch of the callers: all 400; the naive baseline: 40. After each, the
        // ledger's own verification (hash chains, zero-sum, limits, balances = replay).
        Assert.Equal(3, Count(output, "   400 transfers in "));
        Assert.Equal(1, Count(output, "   40 transfers in "));
        Assert.Equal(4, Count(output, "refused 0, failed 0"));
        Assert.Equal(4, Count(output, "   verify: intact ("));
    }

    [Fact]
    public async Task The_http_ledger_scenario_runs_on_kestrel()
    {
        var output = await RunAsync("ledger-http", "--transfers", "300", "--warmup", "0", "--callers", "8", "--accounts", "200");

        Assert.Contains("   300 transfers in ", output, StringComparison.Ordinal);
        Assert.Equal(1, Count(output, "refused 0, failed 0"));
        Assert.Equal(1, Count(output, "   verify: intact ("));
    }

    [Fact]
    public async Task The_sqlite_catalog_search_scenario_measures_every_query()
    {
        var output = await RunAsync("catalog-search", "--only", "sqlite", "--listings", "500", "--iterations", "3", "--naive-iterations", "1", "--warmup", "1");

        // A row per query, each with its result count (the naive LIKE scan's count beside it).
        foreach (var query in new[] { "word: q=chair", "two words: q=wooden chair", "word + facets: q=chair housing certified", "browse: food, accepts credits, newest", "browse: $25-50, sort=price" })
        {
            Assert.Matches($@"\n   {Regex.Escape(query)} +[0-9,]+ ", output);
        }

        Assert.Contains("target p95 ≤ 15 ms: worst p95", output, StringComparison.Ordinal);
    }

    /// <summary>Runs the built benchmark program; fails on a non-zero exit, a scenario that could not run, or a run past <see cref="Longest"/>.</summary>
    private static async Task<string> RunAsync(params string[] arguments)
    {
        var assembly = HostExecutable.BuiltAssembly(Path.Combine("tests", "SolidarityMarket.Benchmarks"), "SolidarityMarket.Benchmarks");
        var info = HostExecutable.DotnetStartInfo(assembly, arguments);
        // The benchmark's own switches stay off (BENCH_KEEP would leave its files behind); workstation GC, as the
        // run shares two cores with the other test projects.
        foreach (var variable in new[] { "BENCH_KEEP", "BENCH_RELAY", "BENCH_DEBUG" })
        {
            info.Environment.Remove(variable);
        }

        info.Environment["DOTNET_gcServer"] = "0";
        var (exitCode, output) = await HostExecutable.RunToEndAsync(info, Longest);
        Assert.True(exitCode == 0, $"exit code {exitCode}:\n{output}");
        Assert.DoesNotContain("could not run", output, StringComparison.Ordinal);
        return output;
    }

    private static int Count(string text, string piece)
    {
        var count = 0;
        for (var at = text.IndexOf(piece, StringComparison.Ordinal); at >= 0; at = text.IndexOf(piece, at + piece.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
