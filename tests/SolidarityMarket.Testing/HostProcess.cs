using System.Diagnostics;
using System.Net;
using System.Text;
using Xunit;

namespace SolidarityMarket.Testing;

/// <summary>
/// The real host executable started as its own process (as in a distributed deployment): its own modules,
/// port and settings. Output is kept for the failure message; disposal kills the process. A fault test can
/// <see cref="Kill"/> it (SIGKILL, no shutdown code runs) and <see cref="RestartAsync"/> it on the same address
/// and settings, as a supervisor would.
/// </summary>
public sealed class HostProcess : IAsyncDisposable
{
    private const int MaxOutput = 2_000_000;
    private readonly IDictionary<string, string> _settings;
    private readonly string _environment;
    private readonly StringBuilder _output = new();
    private Process _process;
    private int _starts;

    private HostProcess(IDictionary<string, string> settings, string environment, Uri address, string name)
    {
        _settings = settings;
        _environment = environment;
        Address = address;
        Name = name;
        _process = Launch();
    }

    public Uri Address { get; }

    public string Name { get; }

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

    /// <summary>Runs the host with <paramref name="arguments"/> to completion (e.g. the <c>migrate</c> command) and asserts it succeeded.</summary>
    public static async Task RunToCompletionAsync(IDictionary<string, string> settings, params string[] arguments)
    {
        var (exitCode, output) = await RunAsync(settings, arguments);
        Assert.True(exitCode == 0, $"host {string.Join(' ', arguments)} exited {exitCode}:\n{output}");
    }

    /// <summary>Runs the host with <paramref name="arguments"/> to completion; returns its exit code and output (stdout then stderr).</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(IDictionary<string, string> settings, params string[] arguments)
    {
        var (exitCode, output) = await HostExecutable.RunToEndAsync(HostExecutable.StartInfo(settings, arguments, "Development"), TimeSpan.FromMinutes(2));
        return (exitCode, output);
    }

    /// <summary>Starts the host serving on a free loopback port and waits until <c>/health/ready</c> says Healthy.</summary>
    public static async Task<HostProcess> StartAsync(IDictionary<string, string> settings, string name = "host", string environment = "Development")
    {
        var host = new HostProcess(settings, environment, new Uri($"http://127.0.0.1:{HostExecutable.FreePort()}"), name);
        try
        {
            await host.WaitUntilReadyAsync();
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }

        return host;
    }

    /// <summary>Kills the process at once (SIGKILL on Linux: no graceful shutdown, no flushing) and waits until it is gone.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        Append($"---- {Name} killed (SIGKILL) at {DateTimeOffset.UtcNow:HH:mm:ss.fff} ----");
    }

    /// <summary>Starts the host again, on the same address and settings, and waits until it is ready.</summary>
    public async Task RestartAsync()
    {
        if (!_process.HasExited)
        {
            throw new InvalidOperationException($"{Name} is still running.");
        }

        _process.Dispose();
        _process = Launch();
        await WaitUntilReadyAsync();
    }

    public HttpClient CreateClient(string? token = null)
    {
        var client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(30) };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    /// <summary>The last <paramref name="lines"/> lines of the output (all starts of the process), for a failure message.</summary>
    public string Tail(int lines)
    {
        var text = Output.Split('\n').Where(l => l.Length > 0).TakeLast(lines).Select(l => l.Length > 400 ? l[..400] + "…" : l);
        return $"--- {Name} ({Address}), last {lines} lines:\n{string.Join('\n', text)}";
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

    private Process Launch()
    {
        var process = Process.Start(HostExecutable.StartInfo(_settings, [$"--urls={Address}"], _environment))!;
        Append($"---- {Name} start {++_starts} (pid {process.Id}) at {DateTimeOffset.UtcNow:HH:mm:ss.fff} ----");
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private async Task WaitUntilReadyAsync()
    {
        using var client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(5) };
        var watch = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"{Name} exited with {_process.ExitCode}:\n{Output}");
            }

            try
            {
                var response = await client.GetAsync("/health/ready");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (Exception ex) when (TransportFailure.Is(ex))
            {
                // Not listening yet.
            }

            if (watch.Elapsed > TimeSpan.FromSeconds(90))
            {
                throw new TimeoutException($"{Name} at {Address} not ready after 90 s:\n{Tail(60)}");
            }

            await Task.Delay(100); // poll interval of the readiness loop above, not a synchronisation sleep
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            // Bound the memory; keep the end (where a failure shows) by dropping the oldest half when full.
            if (_output.Length > MaxOutput)
            {
                _output.Remove(0, MaxOutput / 2);
            }

            _output.AppendLine(line);
        }
    }
}
