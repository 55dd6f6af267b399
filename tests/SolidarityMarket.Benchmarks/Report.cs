using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SolidarityMarket.Ledger.Data;

namespace SolidarityMarket.Benchmarks;

/// <summary>The figures table and the issue's targets, marked met / not met. Printing never throws on a slow result.</summary>
public static class Report
{
    public static string Machine()
    {
        string Read(string file, string key)
        {
            try
            {
                return File.ReadLines(file).FirstOrDefault(l => l.StartsWith(key, StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "?";
            }
            catch (IOException)
            {
                return "?";
            }
        }

        return $"machine: {Environment.ProcessorCount} cores ({Read("/proc/cpuinfo", "model name")}), memory {Read("/proc/meminfo", "MemTotal")}, " +
            $"{RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}, server GC {System.Runtime.GCSettings.IsServerGC}\n" +
            $"date: {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC; {LoadAverage()}; commit: {Git("rev-parse --short HEAD")}{(Git("status --porcelain --untracked-files=no").Length > 0 ? " (with uncommitted changes)" : "")}";
    }

    /// <summary>The 1/5/15-minute load averages: anything else running on the machine competes for its cores.</summary>
    public static string LoadAverage()
    {
        try
        {
            return "load average " + string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "load average ?";
        }
    }

    private static string Git(string arguments)
    {
        try
        {
            var root = new DirectoryInfo(AppContext.BaseDirectory);
            while (root is not null && !File.Exists(Path.Combine(root.FullName, "SolidarityMarket.sln")))
            {
                root = root.Parent;
            }

            var start = new ProcessStartInfo("git", arguments)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                WorkingDirectory = root?.FullName ?? AppContext.BaseDirectory,
            };
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEnd().Trim();
            process.WaitForExit();
            return output;
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            return "?";
        }
    }

    /// <summary>The durability settings actually in force on a connection of the ledger's context.</summary>
    public static async Task<string> DurabilityAsync(BenchmarkHost host)
    {
        try
        {
            await using var scope = host.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<LedgerDbContext>();
            await db.Database.OpenConnectionAsync();
            var connection = db.Database.GetDbConnection();
            async Task<string> Scalar(string sql)
            {
                await using var command = connection.CreateCommand();
                command.CommandText = sql;
                return Convert.ToString(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture) ?? "";
            }

            return host.IsPostgres
                ? $"PostgreSQL {await Scalar("SHOW server_version")}: synchronous_commit={await Scalar("SHOW synchronous_commit")}, fsync={await Scalar("SHOW fsync")}, wal_sync_method={await Scalar("SHOW wal_sync_method")}"
                : $"SQLite {await Scalar("select sqlite_version()")}: journal_mode={await Scalar("PRAGMA journal_mode")}, synchronous={await Scalar("PRAGMA synchronous")} (2 = FULL), file in {host.StorageDirectory}";
        }
        catch (Exception ex)
        {
            return $"durability settings unknown: {ex.Message}";
        }
    }

    public static string Table(IReadOnlyList<RunResult> results)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"{"Scenario",-46} {"Transfers",10} {"Time s",8} {"Transfers/s",12} {"p50 ms",8} {"p99 ms",8} {"max ms",8} {"Refused",8} {"Failed",7}  Latency of");
        text.AppendLine(new string('-', 136));
        foreach (var r in results)
        {
            text.AppendLine(CultureInfo.InvariantCulture,
                $"{r.Name,-46} {r.Accepted,10:N0} {r.Elapsed.TotalSeconds,8:0.00} {r.PerSecond,12:N0} {r.Percentile(50),8:0.00} {r.Percentile(99),8:0.00} {r.Percentile(100),8:0.00} {r.Rejected,8:N0} {r.Failed,7:N0}  {r.LatencyUnit}");
        }

        return text.ToString();
    }

    public static string Targets(IReadOnlyDictionary<string, RunResult> r)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"{"Target (issue 3)",-50} {"Measured",-40} Result");
        text.AppendLine(new string('-', 104));
        void Row(string target, string measured, bool? met) =>
            text.AppendLine(CultureInfo.InvariantCulture, $"{target,-50} {measured,-40} {(met is null ? "not measured" : met.Value ? "met" : "NOT MET")}");

        RunResult? Get(string key) => r.TryGetValue(key, out var v) ? v : null;
        void Rate(string target, string key, double minimum)
        {
            var x = Get(key);
            Row(target, x is null ? "-" : $"{x.PerSecond:N0}/s", x is null ? null : x.PerSecond >= minimum);
        }

        void Ratio(string target, string service, string other, double minimum, string otherName)
        {
            var (s, o) = (Get(service), Get(other));
            if (s is null || o is null || o.PerSecond <= 0)
            {
                Row(target, "-", null);
                return;
            }

            var ratio = s.PerSecond / o.PerSecond;
            Row(target, $"{ratio:0.00}× ({s.PerSecond:N0} vs {otherName} {o.PerSecond:N0}/s)", ratio >= minimum);
        }

        Rate("SQLite, service: ≥ 25,000 transfers/s", Keys.SqliteService, 25_000);
        if (Get(Keys.SqliteRaw) is { } raw && raw.PerSecond < 25_000)
        {
            // Then no service can meet it here: the service writes the same rows and checks them first.
            text.AppendLine(CultureInfo.InvariantCulture, $"{"  (above this machine's raw storage limit)",-50} {$"raw {raw.PerSecond:N0}/s < 25,000/s",-40} unreachable here");
        }

        Ratio("SQLite, service: ≥ 0.6 × raw storage limit", Keys.SqliteService, Keys.SqliteRaw, 0.6, "raw");
        Ratio("SQLite, service: ≥ 20 × naive baseline", Keys.SqliteService, Keys.SqliteNaive, 20, "naive");
        Rate("PostgreSQL, service: ≥ 4,000 transfers/s", Keys.PostgresService, 4_000);
        var http = Get(Keys.Http);
        Rate("HTTP (SQLite): ≥ 8,000 transfers/s", Keys.Http, 8_000);
        Row("HTTP (SQLite): p99 ≤ 25 ms", http is null ? "-" : $"p99 {http.Percentile(99):0.00} ms (p50 {http.Percentile(50):0.00} ms)", http is null ? null : http.Percentile(99) <= 25);
        text.AppendLine();
        text.AppendLine("No target, for reading the figures:");
        foreach (var (label, service, other, name) in new[]
        {
            ("SQLite, service vs raw at the callers' batch", Keys.SqliteService, Keys.SqliteRawAtCallers, "raw at batch of callers"),
            ("PostgreSQL, service vs raw storage limit", Keys.PostgresService, Keys.PostgresRaw, "raw"),
            ("PostgreSQL, service vs raw at the callers' batch", Keys.PostgresService, Keys.PostgresRawAtCallers, "raw at batch of callers"),
            ("PostgreSQL, service vs naive baseline", Keys.PostgresService, Keys.PostgresNaive, "naive"),
            ("HTTP vs service on SQLite", Keys.Http, Keys.SqliteService, "service"),
        })
        {
            var (s, o) = (Get(service), Get(other));
            text.AppendLine(CultureInfo.InvariantCulture, $"  {label,-48} {(s is null || o is null || o.PerSecond <= 0 ? "-" : $"{s.PerSecond / o.PerSecond:0.00}× ({s.PerSecond:N0} vs {name} {o.PerSecond:N0}/s)")}");
        }

        return text.ToString();
    }
}

/// <summary>Names of the scenarios in the report.</summary>
public static class Keys
{
    public const string SqliteService = "SQLite      service (LedgerWriter.SubmitAsync)";
    public const string SqliteNaive = "SQLite      naive (1 SaveChanges per transfer)";
    public const string SqliteRaw = "SQLite      raw batched SQL, no checks";
    public const string SqliteRawAtCallers = "SQLite      raw, batch = callers";
    public const string PostgresService = "PostgreSQL  service (LedgerWriter.SubmitAsync)";
    public const string PostgresNaive = "PostgreSQL  naive (1 SaveChanges per transfer)";
    public const string PostgresRaw = "PostgreSQL  raw batched SQL, no checks";
    public const string PostgresRawAtCallers = "PostgreSQL  raw, batch = callers";
    public const string Http = "HTTP        POST /api/ledger/transfers (SQLite)";
}
