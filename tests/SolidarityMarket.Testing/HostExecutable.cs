using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace SolidarityMarket.Testing;

/// <summary>
/// How to start the real host executable as a process of its own (system tests and benchmarks of separate services):
/// the host built in its own output folder with the caller's configuration, settings passed as environment variables.
/// </summary>
public static class HostExecutable
{
    /// <summary>A start for <c>dotnet SolidarityMarket.Host.dll arguments</c> in <paramref name="environment"/>, output redirected.</summary>
    public static ProcessStartInfo StartInfo(IDictionary<string, string> settings, IEnumerable<string> arguments, string environment)
    {
        var info = DotnetStartInfo(HostAssembly, arguments);
        info.Environment["ASPNETCORE_ENVIRONMENT"] = environment;
        info.Environment["DOTNET_ENVIRONMENT"] = environment;
        foreach (var (key, value) in settings)
        {
            info.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        return info;
    }

    /// <summary>A start for <c>dotnet ASSEMBLY arguments</c> in the assembly's folder, output redirected.</summary>
    public static ProcessStartInfo DotnetStartInfo(string assembly, IEnumerable<string> arguments)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(assembly)!,
        };
        info.ArgumentList.Add(assembly);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        return info;
    }

    /// <summary>
    /// Runs <paramref name="info"/> (output redirected) to its end and returns its exit code and output. Past
    /// <paramref name="limit"/> it kills the process tree and throws a <see cref="TimeoutException"/> carrying the
    /// output so far, so no process outlives a test.
    /// </summary>
    public static async Task<ProcessRun> RunToEndAsync(ProcessStartInfo info, TimeSpan limit)
    {
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(limit);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            throw new TimeoutException($"{string.Join(' ', info.ArgumentList)} still running after {limit.TotalSeconds:0} s:\n{await stdout}\n{await stderr}");
        }

        return new ProcessRun(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>A loopback port free right now, for a host's <c>--urls</c>.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>
    /// The host built beside the calling assembly's configuration and framework (bin/Debug/net10.0 for tests, Release
    /// under <c>dotnet run -c Release</c>), in the host project's own output folder.
    /// </summary>
    private static string HostAssembly => BuiltAssembly(Path.Combine("src", "SolidarityMarket.Host"), "SolidarityMarket.Host");

    /// <summary>
    /// <paramref name="assemblyName"/>.dll as built by the project in <paramref name="projectFolder"/> (relative to the
    /// repository root) with the calling assembly's configuration and framework.
    /// </summary>
    public static string BuiltAssembly(string projectFolder, string assemblyName)
    {
        var callerDir = AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar);
        var framework = Path.GetFileName(callerDir);
        var configuration = Path.GetFileName(Path.GetDirectoryName(callerDir)!);
        var root = new DirectoryInfo(callerDir);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "SolidarityMarket.sln")))
        {
            root = root.Parent;
        }

        var path = Path.Combine(root?.FullName ?? ".", projectFolder, "bin", configuration, framework, assemblyName + ".dll");
        return File.Exists(path) ? path : throw new FileNotFoundException($"Build it first (dotnet build -c {configuration} {projectFolder}).", path);
    }
}

/// <summary>A process run to its end: its exit code and what it wrote.</summary>
public sealed record ProcessRun(int ExitCode, string StandardOutput, string StandardError)
{
    /// <summary>Standard output, then standard error.</summary>
    public string Output => StandardOutput + StandardError;

    public void Deconstruct(out int exitCode, out string output)
    {
        exitCode = ExitCode;
        output = Output;
    }
}
