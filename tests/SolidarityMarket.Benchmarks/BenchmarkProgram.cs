using System.Globalization;
using Npgsql;
using SolidarityMarket.Testing;

namespace SolidarityMarket.Benchmarks;

/// <summary>
/// Ledger throughput benchmarks (issue 3, "Correct under concurrency, and fast"). Prints figures and ratios and marks
/// the issue's targets met / not met; it never fails because something is slow (exit code 0 unless the arguments
/// are wrong). See docs/performance.md.
/// </summary>
public static class BenchmarkProgram
{
    public static async Task<int> Main(string[] args)
    {
        CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

        // WebApplicationFactory finds the host's content root through MvcTestingAppManifest.json in the CURRENT
        // directory (a test runner's is the output folder; `dotnet run`'s is wherever it was started).
        Directory.SetCurrentDirectory(AppContext.BaseDirectory);

        // Other benchmarks have their own arguments; the ledger's options below are the default.
        if (args is ["catalog-search", ..])
        {
            return await CatalogSearchBenchmark.RunAsync(args[1..]);
        }

        // Not part of `all`: no database, the clearing run's solver against a greedy baseline (docs/performance.md).
        if (args is ["clearing", ..])
        {
            return await ClearingBenchmark.RunAsync(args[1..]);
        }

        // Not part of `all`: it starts three host processes and runs for minutes of its own (docs/performance.md, "Checkout").
        if (args is ["checkout", ..])
        {
            return await CheckoutBenchmark.RunAsync(args[1..]);
        }

        if (!CommandLine.TryParse(() => BenchmarkOptions.Parse(args), BenchmarkOptions.Usage, out var options))
        {
            return CommandLine.BadArguments;
        }

        if (options is null)
        {
            Console.WriteLine(BenchmarkOptions.Usage);
            return 0;
        }

        Console.WriteLine("SolidarityMarket ledger benchmarks");
        Console.WriteLine(Report.Machine());
        Console.WriteLine($"options: {options}");
        Console.WriteLine();

        using var metrics = new WriterMetrics();
        var results = new Dictionary<string, RunResult>();

        async Task Scenario(string name, Func<Task<RunResult>> run)
        {
            Console.WriteLine($"-- {name.Trim()}   [{Report.LoadAverage()}]");
            GC.Collect();
            GC.WaitForPendingFinalizers();
            try
            {
                var result = await run();
                results[name] = result;
                Console.WriteLine($"   {result.Accepted:N0} transfers in {result.Elapsed.TotalSeconds:0.00} s = {result.PerSecond:N0}/s; " +
                    $"p50 {result.Percentile(50):0.00} ms, p99 {result.Percentile(99):0.00} ms per {result.LatencyUnit}; refused {result.Rejected:N0}, failed {result.Failed:N0}");
                foreach (var note in result.Notes)
                {
                    Console.WriteLine($"   {note}");
                }
            }
            catch (Exception ex)
            {
                Console.WriteLine($"   could not run: {ex.GetType().Name}: {ex.Message.ReplaceLineEndings(" ")}");
                if (Environment.GetEnvironmentVariable("BENCH_DEBUG") is not null)
                {
                    Console.WriteLine(ex);
                }
            }

            Console.WriteLine();
        }

        async Task<RunResult> OnHost(BenchmarkHost host, bool announce, Func<BenchmarkHost, Task<RunResult>> run)
        {
            await using (host)
            {
                host.Start();
                if (announce)
                {
                    Console.WriteLine($"   {await Report.DurabilityAsync(host)}");
                }

                var result = await run(host);
                result.Notes.Add(await Verification.RunAsync(host));
                result.Notes.Add($"host log after start-up: {host.Log.Errors} errors, {host.Log.Warnings} warnings");
                result.Notes.AddRange(host.Log.FirstMessages.Select(m => "  " + m));
                return result;
            }
        }

        async Task LedgerSuite(Func<Task<BenchmarkHost>> newHost, string serviceKey, string naiveKey, string rawKey, string rawAtCallersKey)
        {
            if (options.Runs("service"))
            {
                await Scenario(serviceKey, async () => await OnHost(await newHost(), announce: true, async host =>
                    await ServiceScenario.RunAsync(serviceKey, host, await LedgerWorld.SeedAsync(host.Services, options.Accounts), options, metrics)));
            }

            if (options.Runs("naive"))
            {
                await Scenario(naiveKey, async () => await OnHost(await newHost(), announce: !options.Runs("service"), async host =>
                {
                    var world = await LedgerWorld.SeedAsync(host.Services, options.Accounts);
                    var probe = await CommitProbe.RunAsync(host);
                    var result = await NaiveScenario.RunAsync(naiveKey, host, world, options);
                    result.Notes.Insert(0, probe);
                    return result;
                }));
            }

            if (options.Runs("raw"))
            {
                await Scenario(rawKey, async () => await OnHost(await newHost(), announce: options.Only.SetEquals(["raw"]), async host =>
                    await RawScenario.RunAsync(rawKey, host, await LedgerWorld.SeedAsync(host.Services, options.Accounts), options, options.RawBatch)));

                // The same limit at the largest batch the service can form (one per caller, closed loop): the fair
                // comparison for the service, printed beside the storage limit itself.
                if (options.Callers != options.RawBatch)
                {
                    await Scenario(rawAtCallersKey, async () => await OnHost(await newHost(), announce: false, async host =>
                        await RawScenario.RunAsync(rawAtCallersKey, host, await LedgerWorld.SeedAsync(host.Services, options.Accounts), options, options.Callers)));
                }
            }
        }

        if (options.Sqlite)
        {
            Console.WriteLine("== SQLite (embedded host, files in a fresh temp folder)");
            await LedgerSuite(() => Task.FromResult(new BenchmarkHost()), Keys.SqliteService, Keys.SqliteNaive, Keys.SqliteRaw, Keys.SqliteRawAtCallers);
        }

        if (options.Postgres)
        {
            Console.WriteLine("== PostgreSQL (a fresh database per scenario; SOLIDARITY_TEST_POSTGRES or the tests' default)");
            var databases = new List<string>();
            string? first = null;
            try
            {
                first = await TestServers.RequirePostgresAsync("bench");
                databases.Add(new NpgsqlConnectionStringBuilder(first).Database!);
            }
            catch (Exception ex)
            {
                Console.WriteLine($"   skipped: {ex.Message.ReplaceLineEndings(" ")}");
                Console.WriteLine();
            }

            if (first is not null)
            {
                async Task<BenchmarkHost> NewPostgresHost()
                {
                    var connection = first ?? await TestServers.RequirePostgresAsync("bench");
                    if (first is null)
                    {
                        databases.Add(new NpgsqlConnectionStringBuilder(connection).Database!);
                    }

                    first = null;
                    return new BenchmarkHost(postgresConnection: connection);
                }

                await LedgerSuite(NewPostgresHost, Keys.PostgresService, Keys.PostgresNaive, Keys.PostgresRaw, Keys.PostgresRawAtCallers);
            }

            await DropDatabasesAsync(databases);
        }

        if (options.Http)
        {
            Console.WriteLine("== HTTP (host on Kestrel, loopback, SQLite)");
            await Scenario(Keys.Http, async () => await OnHost(new BenchmarkHost(kestrel: true), announce: true, async host =>
                await HttpScenario.RunAsync(Keys.Http, host, options, metrics)));
        }

        Console.WriteLine($"== Results ({Report.LoadAverage()} at the end)");
        Console.WriteLine(Report.Table(results.Values.ToList()));
        Console.WriteLine(Report.Targets(results));
        return 0;

        static async Task DropDatabasesAsync(List<string> databases)
        {
            if (databases.Count == 0)
            {
                return;
            }

            NpgsqlConnection.ClearAllPools();
            try
            {
                await using var connection = new NpgsqlConnection(TestServers.PostgresAdmin + ";Database=postgres");
                await connection.OpenAsync();
                foreach (var name in databases)
                {
                    await using var command = connection.CreateCommand();
                    command.CommandText = $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)";
                    await command.ExecuteNonQueryAsync();
                }
            }
            catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException)
            {
                Console.WriteLine($"   could not drop the benchmark databases ({string.Join(", ", databases)}): {ex.Message}");
            }
        }
    }
}
