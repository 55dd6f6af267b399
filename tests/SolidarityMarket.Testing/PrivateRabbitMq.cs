using System.Diagnostics;
using System.Text;
using Xunit;

namespace SolidarityMarket.Testing;

/// <summary>
/// A RabbitMQ node of a test's own, for tests that stop and start the broker (the shared one must never be
/// restarted: other test projects and people use it at the same time). The installed <c>rabbitmq-server</c> runs in
/// the foreground as a child process with its own node name, loopback ports, config, data (mnesia), logs, pid file
/// and Erlang cookie in a temp folder, so nothing of the shared node is read or touched. It uses the machine's epmd
/// (started by the first node if none runs; never stopped here, other nodes rely on it).
/// <see cref="StopAsync"/> and <see cref="StartAsync"/> are a real broker restart on the same data: durable queues
/// and persistent messages survive. Disposal shuts the node down for good and deletes its folder.
/// </summary>
public sealed class PrivateRabbitMq : IAsyncDisposable
{
    private const string Scripts = "/usr/lib/rabbitmq/bin";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    private readonly string _folder;
    private readonly int _distributionPort;
    private readonly StringBuilder _output = new();
    private Process? _node;

    private PrivateRabbitMq(string folder, string nodeName, int port, int distributionPort)
    {
        _folder = folder;
        NodeName = nodeName;
        Port = port;
        _distributionPort = distributionPort;
    }

    public string NodeName { get; }

    public int Port { get; }

    /// <summary>The AMQP URI of one of the node's virtual hosts (guest is allowed on loopback).</summary>
    public string UriOf(string virtualHost) => $"amqp://guest:guest@127.0.0.1:{Port}/{System.Uri.EscapeDataString(virtualHost)}";

    /// <summary>
    /// A new virtual host that guest may use: its own queues and exchanges, so that tests sharing the node never
    /// consume each other's messages. Returns its name.
    /// </summary>
    public async Task<string> AddVirtualHostAsync(string prefix)
    {
        var name = $"{prefix}-{Guid.NewGuid():N}"[..Math.Min(40, prefix.Length + 33)];
        await ControlAsync(TimeSpan.FromSeconds(60), "add_vhost", name);
        await ControlAsync(TimeSpan.FromSeconds(60), "set_permissions", "-p", name, "guest", ".*", ".*", ".*");
        return name;
    }

    /// <summary>
    /// Starts a fresh node and waits until it accepts work. Skips the test when RabbitMQ is not installed here, or
    /// fails it when <c>SOLIDARITY_REQUIRE_SERVERS</c> is set.
    /// </summary>
    public static async Task<PrivateRabbitMq> StartNewAsync()
    {
        if (!File.Exists(Path.Combine(Scripts, "rabbitmq-server")) || !File.Exists(Path.Combine(Scripts, "rabbitmqctl")))
        {
            const string missing = "rabbitmq-server is not installed (no /usr/lib/rabbitmq/bin/rabbitmq-server), so no private broker can be started.";
            if (TestServers.Required)
            {
                Assert.Fail(missing + " SOLIDARITY_REQUIRE_SERVERS is set, so this is a failure, not a skip.");
            }

            Assert.Skip(missing + " Install rabbitmq-server (as .ci/run does) to run this test.");
        }

        var folder = Directory.CreateTempSubdirectory("sm-rabbit-").FullName;
        var broker = new PrivateRabbitMq(folder, $"sm-test-{Guid.NewGuid():N}"[..20] + "@localhost", HostExecutable.FreePort(), HostExecutable.FreePort());
        // AMQP and the Erlang distribution listener on loopback only, as .ci/run starts the shared node; no plugins.
        await File.WriteAllLinesAsync(Path.Combine(folder, "rabbitmq.conf"),
        [
            $"listeners.tcp.default = 127.0.0.1:{broker.Port}",
            "distribution.listener.interface = 127.0.0.1",
            $"distribution.listener.port_range.min = {broker._distributionPort}",
            $"distribution.listener.port_range.max = {broker._distributionPort}",
        ]);
        await File.WriteAllTextAsync(Path.Combine(folder, "enabled_plugins"), "[].\n");
        // The Erlang cookie written before anything starts: otherwise the node and the first `rabbitmqctl wait`, started
        // right after it with the same HOME, race to create it, and a CLI that wrote its own is refused by the node
        // ("Invalid challenge reply") until the wait times out (seen once in CI, 2026-11-30). Owner-only, as Erlang requires.
        var cookie = Path.Combine(folder, ".erlang.cookie");
        await File.WriteAllTextAsync(cookie, Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16)));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(cookie, UnixFileMode.UserRead);
        }
        try
        {
            await broker.StartAsync();
        }
        catch
        {
            await broker.DisposeAsync();
            throw;
        }

        return broker;
    }

    /// <summary>Starts the node on its existing data and waits until its applications run (<c>rabbitmqctl wait</c> on the pid file).</summary>
    public async Task StartAsync()
    {
        if (_node is { HasExited: false })
        {
            throw new InvalidOperationException($"{NodeName} is already running.");
        }

        _node?.Dispose();
        var info = Start("rabbitmq-server");
        _node = Process.Start(info) ?? throw new InvalidOperationException("rabbitmq-server did not start.");
        _node.OutputDataReceived += (_, e) => Append(e.Data);
        _node.ErrorDataReceived += (_, e) => Append(e.Data);
        _node.BeginOutputReadLine();
        _node.BeginErrorReadLine();
        // `rabbitmqctl await_startup` fails intermittently right after a start; waiting on the pid file does not.
        await ControlAsync(StartTimeout, "wait", "--timeout", ((int)StartTimeout.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture), PidFile);
    }

    /// <summary>Shuts the node down cleanly (<c>rabbitmqctl shutdown</c> waits until the OS process is gone).</summary>
    public async Task StopAsync()
    {
        if (_node is null || _node.HasExited)
        {
            return;
        }

        await ControlAsync(TimeSpan.FromSeconds(60), "shutdown");
        using var exited = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _node.WaitForExitAsync(exited.Token);
    }

    /// <summary>Queues of a virtual host with their messages (ready + unacknowledged) and consumers.</summary>
    public async Task<IReadOnlyList<(string Name, long Messages, int Consumers)>> ListQueuesAsync(string virtualHost)
    {
        var text = await ControlAsync(TimeSpan.FromSeconds(60), "list_queues", "-p", virtualHost, "--quiet", "--no-table-headers", "name", "messages", "consumers");
        var queues = new List<(string, long, int)>();
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = line.Split('\t');
            if (parts.Length == 3 && long.TryParse(parts[1], out var messages) && int.TryParse(parts[2], out var consumers))
            {
                queues.Add((parts[0], messages, consumers));
            }
        }

        return queues;
    }

    /// <summary>The node's console output and the end of its log file, for a failure message.</summary>
    public string Tail(int lines)
    {
        string console;
        lock (_output)
        {
            console = _output.ToString();
        }

        var log = Directory.Exists(LogFolder)
            ? string.Join('\n', Directory.GetFiles(LogFolder, "*.log").Select(f => $"[{Path.GetFileName(f)}]\n{LastLines(ReadShared(f), lines)}"))
            : "";
        return $"{LastLines(console, lines)}\n{log}";
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync();
        }
        catch (Exception ex) when (ex is InvalidOperationException or OperationCanceledException or TimeoutException)
        {
            // Fall through to the kill below.
        }

        if (_node is { HasExited: false })
        {
            _node.Kill(entireProcessTree: true);
            await _node.WaitForExitAsync();
        }

        _node?.Dispose();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temp folder.
        }
    }

    private string PidFile => Path.Combine(_folder, "node.pid");

    private string LogFolder => Path.Combine(_folder, "log");

    /// <summary>
    /// The scripts behind /usr/sbin's wrapper (which would switch to the rabbitmq user and the shared node's cookie),
    /// run as the current user with every path of the node inside the temp folder, HOME included (the cookie).
    /// </summary>
    private ProcessStartInfo Start(string script, params string[] arguments)
    {
        var info = new ProcessStartInfo(Path.Combine(Scripts, script))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = _folder,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        // CI exports the shared node's settings (RABBITMQ_NODENAME, RABBITMQ_CONFIG_FILE, ...): none may leak in.
        foreach (var inherited in info.Environment.Keys.Where(k => k.StartsWith("RABBITMQ_", StringComparison.Ordinal)).ToList())
        {
            info.Environment.Remove(inherited);
        }

        info.Environment["HOME"] = _folder;
        info.Environment["RABBITMQ_NODENAME"] = NodeName;
        info.Environment["RABBITMQ_NODE_IP_ADDRESS"] = "127.0.0.1";
        info.Environment["RABBITMQ_NODE_PORT"] = Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        info.Environment["RABBITMQ_DIST_PORT"] = _distributionPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        info.Environment["RABBITMQ_CONFIG_FILE"] = Path.Combine(_folder, "rabbitmq.conf");
        info.Environment["RABBITMQ_ENABLED_PLUGINS_FILE"] = Path.Combine(_folder, "enabled_plugins");
        info.Environment["RABBITMQ_MNESIA_BASE"] = Path.Combine(_folder, "mnesia");
        info.Environment["RABBITMQ_LOG_BASE"] = LogFolder;
        info.Environment["RABBITMQ_PID_FILE"] = PidFile;
        info.Environment["ERL_EPMD_ADDRESS"] = "127.0.0.1";
        // rabbitmqctl's own Erlang node would otherwise listen on 0.0.0.0 while it runs.
        info.Environment["RABBITMQ_CTL_ERL_ARGS"] = "-kernel inet_dist_use_interface {127,0,0,1}";
        return info;
    }

    private async Task<string> ControlAsync(TimeSpan timeout, params string[] arguments)
    {
        ProcessRun run;
        try
        {
            run = await HostExecutable.RunToEndAsync(Start("rabbitmqctl", ["-n", NodeName, .. arguments]), timeout);
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"{ex.Message}\n{Tail(30)}", ex);
        }

        if (run.ExitCode != 0)
        {
            throw new InvalidOperationException($"rabbitmqctl {string.Join(' ', arguments)} exited {run.ExitCode}: {run.StandardOutput}\n{run.StandardError}\n{Tail(30)}");
        }

        return run.StandardOutput;
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            if (_output.Length < 200_000)
            {
                _output.AppendLine(line);
            }
        }
    }

    private static string ReadShared(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd();
        }
        catch (IOException ex)
        {
            return $"(could not read: {ex.Message})";
        }
    }

    private static string LastLines(string text, int count) =>
        string.Join('\n', text.Split('\n').Where(l => l.Length > 0).TakeLast(count));
}
