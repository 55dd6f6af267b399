using System.Diagnostics;
using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using SolidarityMarket.Ordering.Data;
using SolidarityMarket.ServiceDefaults.Auth;
using SolidarityMarket.ServiceDefaults.Data;
using SolidarityMarket.Testing;

namespace SolidarityMarket.Benchmarks;

/// <summary>
/// The distributed deployment, as <c>SeparateProcessesTests</c> starts it (the SystemTests' <c>HostProcess</c>):
/// the real host executable run once with <c>migrate</c>, then three processes, one per module (Catalog, Ordering,
/// Ledger), each on its own loopback port, over a real RabbitMQ, on one fresh PostgreSQL database (a schema per
/// service). Production environment (simulated cards allowed, as on a staging system), logging at Warning. The
/// benchmark reads Ordering's and the identity schema directly with the real EF models.
/// </summary>
public sealed class HostProcesses : IMarketUnderTest, IAsyncDisposable
{
    private readonly string _connection;
    private readonly DbContextOptions<OrderingPostgresDbContext> _ordering;
    private readonly DbContextOptions<AuthPostgresDbContext> _auth;
    private readonly string _storage;
    private readonly List<BenchmarkProcess> _processes;

    private HostProcesses(string connection, string storage, List<BenchmarkProcess> processes, string rabbit)
    {
        _connection = connection;
        var ordering = new DbContextOptionsBuilder<OrderingPostgresDbContext>();
        ProviderOptions.Configure(ordering, DatabaseProvider.Postgres, connection, OrderingDbContext.SchemaName);
        _ordering = ordering.Options;
        var auth = new DbContextOptionsBuilder<AuthPostgresDbContext>();
        ProviderOptions.Configure(auth, DatabaseProvider.Postgres, connection, AuthDbContext.Schema);
        _auth = auth.Options;
        _storage = storage;
        _processes = processes;
        Catalog = processes[0].Address;
        Ordering = processes[1].Address;
        Ledger = processes[2].Address;
        Describe = $"three host processes (Catalog {Catalog}, Ordering {Ordering}, Ledger {Ledger}), RabbitMQ {new Uri(rabbit).Host}:{new Uri(rabbit).Port}, " +
            $"PostgreSQL database {new NpgsqlConnectionStringBuilder(connection).Database}";
    }

    public Uri Catalog { get; }

    public Uri Ordering { get; }

    public Uri Ledger { get; }

    public string Describe { get; }

    public string Database => new NpgsqlConnectionStringBuilder(_connection).Database!;

    /// <summary>The run database, as the three processes reach it.</summary>
    public string ConnectionString => _connection;

    public IReadOnlyList<BenchmarkProcess> Processes => _processes;

    public static async Task<HostProcesses> StartAsync(string postgresConnection, string rabbitUri)
    {
        var storage = Directory.CreateTempSubdirectory("sm-bench-processes-").FullName;
        var settings = new Dictionary<string, string>
        {
            ["Database:Provider"] = "Postgres",
            ["Database:MigrateOnStartup"] = "false",
            ["ConnectionStrings:Default"] = postgresConnection,
            ["Storage:Directory"] = storage,
            ["RabbitMq:Host"] = rabbitUri,
            ["Demo:Enabled"] = "false",
            // CheckoutWorld signs every vendor and buyer up through Catalog from one loopback address.
            ["Auth:RateLimit:PerAddressPermitLimit"] = "1000000",
            ["Payments:AllowSimulatedCards"] = "true",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        await BenchmarkProcess.RunToCompletionAsync(settings, "migrate");
        var processes = new List<BenchmarkProcess>();
        try
        {
            foreach (var module in new[] { "Catalog", "Ordering", "Ledger" })
            {
                processes.Add(await BenchmarkProcess.StartAsync(new Dictionary<string, string>(settings) { ["Modules"] = module }, module));
            }
        }
        catch
        {
            foreach (var process in processes)
            {
                await process.DisposeAsync();
            }

            throw;
        }

        return new HostProcesses(postgresConnection, storage, processes, rabbitUri);
    }

    public async Task<T> WithOrderingAsync<T>(Func<OrderingDbContext, Task<T>> read)
    {
        await using var db = new OrderingPostgresDbContext(_ordering);
        return await read(db);
    }

    public async Task WithAuthAsync(Func<AuthDbContext, Task> work)
    {
        await using var db = new AuthPostgresDbContext(_auth);
        await work(db);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _processes)
        {
            await process.DisposeAsync();
        }

        try
        {
            Directory.Delete(_storage, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
    }
}

/// <summary>One host process (the SystemTests' <c>HostProcess</c>, trimmed): output kept, warnings and errors counted, killed on disposal.</summary>
public sealed class BenchmarkProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private int _problems;

    private BenchmarkProcess(Process process, Uri address, string name)
    {
        _process = process;
        Address = address;
        Name = name;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public Uri Address { get; }

    public string Name { get; }

    /// <summary>Log lines at Warning or above (the JSON console log of Production) since start.</summary>
    public int Problems => _problems;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public TimeSpan CpuTime
    {
        get
        {
            try
            {
                _process.Refresh();
                return _process.TotalProcessorTime;
            }
            catch (InvalidOperationException)
            {
                return TimeSpan.Zero;
            }
        }
    }

    public static async Task RunToCompletionAsync(IDictionary<string, string> settings, params string[] arguments)
    {
        using var process = Process.Start(HostExecutable.StartInfo(settings, arguments, "Production"))!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(cts.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"host {string.Join(' ', arguments)} exited {process.ExitCode}:\n{await stdout}\n{await stderr}");
        }
    }

    /// <summary>Starts the host on a free loopback port and waits until <c>/health/ready</c> answers 200.</summary>
    public static async Task<BenchmarkProcess> StartAsync(IDictionary<string, string> settings, string name)
    {
        var address = new Uri($"http://127.0.0.1:{HostExecutable.FreePort()}");
        var host = new BenchmarkProcess(Process.Start(HostExecutable.StartInfo(settings, [$"--urls={address}"], "Production"))!, address, name);
        using var client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(5) };
        var watch = Stopwatch.StartNew();
        while (true)
        {
            if (host._process.HasExited)
            {
                throw new InvalidOperationException($"{name} host exited with {host._process.ExitCode}:\n{host.Output}");
            }

            try
            {
                if ((await client.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK)
                {
                    return host;
                }
            }
            catch (Exception ex) when (TransportFailure.Is(ex))
            {
                // Not listening yet.
            }

            if (watch.Elapsed > TimeSpan.FromSeconds(90))
            {
                await host.DisposeAsync();
                throw new TimeoutException($"{name} host at {address} not ready after 90 s:\n{host.Output}");
            }

            await Task.Delay(100); // poll interval of the readiness loop, not a synchronisation sleep
        }
    }

    /// <summary>The first few warning/error lines of the output, shortened.</summary>
    public IEnumerable<string> FirstProblems(int count) => Output.Split('\n')
        .Where(IsProblem).OrderByDescending(l => l.Contains("\"Exception\":\"", StringComparison.Ordinal)).Select(Excerpt).Distinct().Take(count);

    /// <summary>A JSON log line's category and its innermost exception's first words when it has one (where the cause is).</summary>
    private static string Excerpt(string line)
    {
        var exception = line.IndexOf("\"Exception\":\"", StringComparison.Ordinal);
        var category = line.IndexOf("\"Category\":\"", StringComparison.Ordinal);
        if (exception < 0 || category < 0)
        {
            return line.Length > 300 ? line[..300] + "…" : line.TrimEnd();
        }

        var name = line[(category + 12)..].Split('"')[0];
        var text = line[(exception + 13)..];
        var inner = text.LastIndexOf("---> ", StringComparison.Ordinal);
        text = inner >= 0 ? text[(inner + 5)..] : text;
        return $"{name}: {(text.Length > 260 ? text[..260] + "…" : text.TrimEnd())}";
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private static bool IsProblem(string line) =>
        line.Contains("\"LogLevel\":\"Warning\"", StringComparison.Ordinal) || line.Contains("\"LogLevel\":\"Error\"", StringComparison.Ordinal)
        || line.Contains("\"LogLevel\":\"Critical\"", StringComparison.Ordinal)
        || line.StartsWith("warn:", StringComparison.Ordinal) || line.StartsWith("fail:", StringComparison.Ordinal) || line.StartsWith("crit:", StringComparison.Ordinal);

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        if (IsProblem(line))
        {
            Interlocked.Increment(ref _problems);
        }

        lock (_output)
        {
            // Keep the start and bound the memory: a process logging every failure would otherwise grow without end.
            if (_output.Length < 1_000_000)
            {
                _output.AppendLine(line);
            }
        }
    }
}
