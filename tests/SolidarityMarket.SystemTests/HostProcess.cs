using System.Diagnostics;
using System.Net;
using System.Text;
using SolidarityMarket.Testing;

namespace SolidarityMarket.SystemTests;

/// <summary>
/// The real host executable started as its own process (as in a distributed deployment): its own modules,
/// port and settings. Output is kept for the failure message; disposal kills the process.
/// </summary>
public sealed class HostProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private HostProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public Uri Address { get; }

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

    /// <summary>Runs the host with <paramref name="arguments"/> to completion (e.g. the <c>migrate</c> command).</summary>
    public static async Task RunToCompletionAsync(IDictionary<string, string> settings, params string[] arguments)
    {
        using var process = Process.Start(HostExecutable.StartInfo(settings, arguments, "Development"))!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(cts.Token);
        Assert.True(process.ExitCode == 0, $"host {string.Join(' ', arguments)} exited {process.ExitCode}:\n{await stdout}\n{await stderr}");
    }

    /// <summary>Starts the host serving on a free loopback port and waits until <c>/health/ready</c> says Healthy.</summary>
    public static async Task<HostProcess> StartAsync(IDictionary<string, string> settings)
    {
        var address = new Uri($"http://127.0.0.1:{HostExecutable.FreePort()}");
        var info = HostExecutable.StartInfo(settings, [$"--urls={address}"], "Development");
        var host = new HostProcess(Process.Start(info)!, address);
        using var client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(5) };
        var watch = Stopwatch.StartNew();
        while (true)
        {
            if (host._process.HasExited)
            {
                throw new InvalidOperationException($"Host exited with {host._process.ExitCode}:\n{host.Output}");
            }

            try
            {
                var response = await client.GetAsync("/health/ready");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return host;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            if (watch.Elapsed > TimeSpan.FromSeconds(60))
            {
                await host.DisposeAsync();
                throw new TimeoutException($"Host at {address} not ready after 60 s:\n{host.Output}");
            }

            await Task.Delay(100); // poll interval of the readiness loop above, not a synchronisation sleep
        }
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

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
