using System.Globalization;

namespace SolidarityMarket.Benchmarks;

/// <summary>
/// Command line: <c>[ledger-sqlite|ledger-postgres|ledger-http|all] [--transfers N] [--naive-transfers N]
/// [--callers 64] [--accounts 1000] [--warmup N] [--raw-batch 1000] [--max-seconds 120] [--seed 1] [--only service,naive,raw] [--raw-rows N]</c>.
/// </summary>
public sealed record BenchmarkOptions
{
    public const string Usage =
        "usage: dotnet run -c Release --project tests/SolidarityMarket.Benchmarks -- [ledger-sqlite|ledger-postgres|ledger-http|all]\n" +
        "         [--transfers 20000] [--naive-transfers 2000] [--callers 64] [--accounts 1000]\n" +
        "         [--warmup 2000] [--raw-batch 1000] [--max-seconds 120] [--seed 1] [--only service,naive,raw] [--raw-rows N]\n" +
        "       other benchmarks (not in all): catalog-search [options], checkout [options], clearing [options] (each with its own usage)";

    public bool Sqlite { get; init; } = true;

    public bool Postgres { get; init; } = true;

    public bool Http { get; init; } = true;

    /// <summary>Transfers measured per scenario (service, raw, HTTP).</summary>
    public int Transfers { get; init; } = 20_000;

    /// <summary>Transfers measured in the naive baseline (it is slow; the rate is per second anyway).</summary>
    public int NaiveTransfers { get; init; } = 2_000;

    public int Callers { get; init; } = 64;

    public int Accounts { get; init; } = 1_000;

    /// <summary>Transfers run (and thrown away) before each measured run: JIT, EF query caches, connection pools.</summary>
    public int Warmup { get; init; } = 2_000;

    /// <summary>Transfers per transaction in the raw-SQL storage limit.</summary>
    public int RawBatch { get; init; } = 1_000;

    /// <summary>A scenario stops taking new transfers after this long and reports what it did.</summary>
    public TimeSpan MaxDuration { get; init; } = TimeSpan.FromSeconds(120);

    public int Seed { get; init; } = 1;

    /// <summary>
    /// Rows per INSERT/UPDATE statement in the raw-SQL limit; by default 1 on SQLite (a prepared one-row statement
    /// re-executed is SQLite's fastest bulk path: Microsoft.Data.Sqlite binds each named parameter with a linear
    /// look-up, so a statement with thousands of parameters costs quadratic time) and 1,000 on PostgreSQL.
    /// </summary>
    public int? RawRowsPerStatement { get; init; }

    /// <summary>Only these kinds of ledger scenario (service, naive, raw); all when empty.</summary>
    public IReadOnlySet<string> Only { get; init; } = new HashSet<string>();

    public bool Runs(string kind) => Only.Count == 0 || Only.Contains(kind);

    public static BenchmarkOptions? Parse(string[] args)
    {
        var options = new BenchmarkOptions();
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{arg} needs a value.");
            int NextInt() => int.Parse(Next(), NumberStyles.Integer, CultureInfo.InvariantCulture) is var n and > 0
                ? n
                : throw new ArgumentException($"{arg} must be a positive whole number.");

            options = arg switch
            {
                "all" => options with { Sqlite = true, Postgres = true, Http = true },
                "ledger-sqlite" => options with { Sqlite = true, Postgres = false, Http = false },
                "ledger-postgres" => options with { Sqlite = false, Postgres = true, Http = false },
                "ledger-http" => options with { Sqlite = false, Postgres = false, Http = true },
                "--transfers" => options with { Transfers = NextInt() },
                "--naive-transfers" => options with { NaiveTransfers = NextInt() },
                "--callers" => options with { Callers = NextInt() },
                "--accounts" => options with { Accounts = NextInt() },
                "--warmup" => options with { Warmup = int.Parse(Next(), NumberStyles.Integer, CultureInfo.InvariantCulture) },
                "--raw-batch" => options with { RawBatch = NextInt() },
                "--max-seconds" => options with { MaxDuration = TimeSpan.FromSeconds(NextInt()) },
                "--seed" => options with { Seed = NextInt() },
                "--raw-rows" => options with { RawRowsPerStatement = NextInt() },
                "--only" => options with { Only = Next().Split(',').ToHashSet() },
                "-h" or "--help" or "help" => null,
                _ => throw new ArgumentException($"Unknown argument '{arg}'."),
            };
            if (options is null)
            {
                return null;
            }
        }

        if (options.Accounts < 10)
        {
            throw new ArgumentException("--accounts must be at least 10 (two per exchange).");
        }

        if (options.Http && options.Accounts < options.Callers)
        {
            throw new ArgumentException("--accounts must be at least --callers: each HTTP caller pays from accounts it holds.");
        }

        return options;
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"transfers={Transfers:N0} naive-transfers={NaiveTransfers:N0} callers={Callers} accounts={Accounts:N0} warmup={Warmup:N0} raw-batch={RawBatch:N0} max-seconds={MaxDuration.TotalSeconds:0} seed={Seed}");
}
