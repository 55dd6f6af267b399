using System.Diagnostics;
using SolidarityMarket.Testing;

namespace SolidarityMarket.Ledger.Tests.Export;

/// <summary>
/// The plain-text accounting tools the hledger export must satisfy: <c>hledger</c> and <c>ledger</c> (ledger-cli),
/// Debian packages of the same names, both installed by <c>.ci/run</c>. When one is missing its test is skipped,
/// unless <c>SOLIDARITY_REQUIRE_SERVERS</c> is set (CI), which makes it a failure.
/// </summary>
public static class AccountingTools
{
    public static string RequireHledger() => Require("hledger", "hledger");

    public static string RequireLedgerCli() => Require("ledger", "ledger");

    /// <summary>The tool's path; absent, the test skips — or fails when SOLIDARITY_REQUIRE_SERVERS is set (CI installs both).</summary>
    private static string Require(string tool, string package)
    {
        if (Find(tool) is { } path)
        {
            return path;
        }

        var message = $"{tool} is not installed (apt-get install {package}).";
        if (TestServers.Required)
        {
            Assert.Fail(message + " SOLIDARITY_REQUIRE_SERVERS is set, so this is a failure, not a skip.");
        }

        Assert.Skip(message);
        return "";
    }

    /// <summary>Runs the tool and returns its output; a non-zero exit fails the test with stderr.</summary>
    public static async Task<string> RunAsync(string executable, params string[] arguments)
    {
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // hledger decodes files with the locale's encoding: under C/POSIX (often the case as root in CI) any
        // non-ASCII memo makes it fail with "invalid byte sequence".
        start.Environment["LANG"] = "C.UTF-8";
        start.Environment["LC_ALL"] = "C.UTF-8";
        start.Environment.Remove("LEDGER_FILE");
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {executable}.");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        var (output, errors) = (await stdout, await stderr);
        Assert.True(process.ExitCode == 0, $"{executable} {string.Join(' ', arguments)} exited {process.ExitCode}:\n{errors}\n{output}");
        return output;
    }

    private static string? Find(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Append("/usr/bin").Append("/usr/local/bin")
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);
}
