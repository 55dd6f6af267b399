using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using SolidarityMarket.ServiceDefaults.Data;
using SolidarityMarket.Testing;

namespace SolidarityMarket.MigrationTests;

/// <summary>
/// What an operator reads in the log of a first deployment: migrating an empty database (the host's <c>migrate</c>
/// command, or <c>Database:MigrateOnStartup</c>) logs no Error or Warning, for every service's schema, while a
/// migration that really fails still logs its Error. Runs the host's own start-up task, <see cref="MigrateDatabase{TContext}"/>.
/// </summary>
public sealed class MigrationLogTests : IDisposable
{
    private readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("sm-migratelog-");

    public static TheoryData<string> Families => ContextFamily.Names;

    [Fact]
    public async Task Migrating_an_empty_postgres_database_logs_no_error_or_warning()
    {
        var ct = TestContext.Current.CancellationToken;
        var connectionString = await TestServers.RequirePostgresAsync("migratelog");
        try
        {
            // Each family in turn: the first into an empty database, the next ones into a database that already holds
            // the other services' schemas (each service has its own schema and history table).
            var log = new CapturedLogs(LogLevel.Information);
            foreach (var family in ContextFamily.All)
            {
                await MigrateAsync(family, DatabaseProvider.Postgres, connectionString, log, ct);
            }

            AssertNoErrorOrWarning(log, "the first migrate of an empty PostgreSQL database");
            AssertAllApplied(log);
            foreach (var family in ContextFamily.All)
            {
                await using var db = family.Open(DatabaseProvider.Postgres, connectionString);
                Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync(ct));
            }

            // The next deployment's migrate, with nothing to apply, is just as quiet.
            var again = new CapturedLogs(LogLevel.Information);
            foreach (var family in ContextFamily.All)
            {
                await MigrateAsync(family, DatabaseProvider.Postgres, connectionString, again, ct);
            }

            AssertNoErrorOrWarning(again, "a second migrate");
        }
        finally
        {
            await DropAsync(connectionString);
        }
    }

    [Fact]
    public async Task Migrating_into_a_database_not_created_yet_logs_no_error_or_warning()
    {
        var ct = TestContext.Current.CancellationToken;
        var connectionString = await TestServers.RequirePostgresAsync("migratelog");
        try
        {
            await DropAsync(connectionString);

            var log = new CapturedLogs(LogLevel.Information);
            foreach (var family in ContextFamily.All)
            {
                await MigrateAsync(family, DatabaseProvider.Postgres, connectionString, log, ct);
            }

            AssertNoErrorOrWarning(log, "the first migrate without a database");
            AssertAllApplied(log);
        }
        finally
        {
            await DropAsync(connectionString);
        }
    }

    [Fact]
    public async Task A_failing_migration_still_logs_its_error()
    {
        var ct = TestContext.Current.CancellationToken;
        var connectionString = await TestServers.RequirePostgresAsync("migratelog");
        try
        {
            // A table in the way of the first Identity migration: its CREATE TABLE fails (42P07, duplicate table).
            await using (var connection = new NpgsqlConnection(connectionString))
            {
                await connection.OpenAsync(ct);
                await using var command = connection.CreateCommand();
                command.CommandText = """CREATE SCHEMA identity; CREATE TABLE identity."AspNetRoles" ("Other" integer)""";
                await command.ExecuteNonQueryAsync(ct);
            }

            var log = new CapturedLogs(LogLevel.Information);
            var failure = await Assert.ThrowsAsync<PostgresException>(
                () => MigrateAsync(ContextFamily.Named("Auth"), DatabaseProvider.Postgres, connectionString, log, ct));

            Assert.Equal(PostgresErrorCodes.DuplicateTable, failure.SqlState);
            var errors = log.Entries.Where(e => e.Level >= LogLevel.Error).ToList();
            Assert.Contains(errors, e => e.EventId.Id == RelationalEventId.CommandError.Id
                && e.Category == DbLoggerCategory.Database.Command.Name
                && e.Message.Contains("""CREATE TABLE identity."AspNetRoles" """, StringComparison.Ordinal));
        }
        finally
        {
            await DropAsync(connectionString);
        }
    }

    [Theory]
    [MemberData(nameof(Families))]
    public async Task Migrating_an_empty_sqlite_file_logs_no_error_or_warning(string name)
    {
        var ct = TestContext.Current.CancellationToken;
        var connectionString = $"Data Source={Path.Combine(folder.FullName, name.ToLowerInvariant() + ".db")}";

        var log = new CapturedLogs(LogLevel.Information);
        await MigrateAsync(ContextFamily.Named(name), DatabaseProvider.Sqlite, connectionString, log, ct);

        AssertNoErrorOrWarning(log, "the first migrate of an empty SQLite file");
        AssertAllApplied(log);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            folder.Delete(recursive: true);
        }
        catch (IOException)
        {
            // Only a temp folder is left behind.
        }
    }

    /// <summary>Migrates as the host does: its start-up task, in a scope, with the context logging to <paramref name="log"/>.</summary>
    private static async Task MigrateAsync(ContextFamily family, DatabaseProvider provider, string connectionString, CapturedLogs log, CancellationToken ct)
    {
        using var loggerFactory = LoggerFactory.Create(b => b.AddProvider(log).SetMinimumLevel(LogLevel.Information));
        await using var services = new ServiceCollection()
            .AddScoped(_ => family.Open(provider, connectionString, loggerFactory))
            .BuildServiceProvider();
        await using var scope = services.CreateAsyncScope();
        await new MigrateDatabase<DbContext>(onStartup: true).RunAsync(scope.ServiceProvider, ct);
    }

    private static void AssertNoErrorOrWarning(CapturedLogs log, string what)
    {
        var loud = log.Entries.Where(e => e.Level >= LogLevel.Warning).ToList();
        Assert.True(loud.Count == 0, $"{what} logged {loud.Count} line(s) at Warning or above:{Environment.NewLine}"
            + string.Join(Environment.NewLine, loud.Select(e => $"{e.Level} {e.Category}[{e.EventId.Id}] {e.Message}")));
    }

    /// <summary>The log was captured at all: migrations were applied and EF said so.</summary>
    private static void AssertAllApplied(CapturedLogs log) =>
        Assert.Contains(log.Entries, e => e.EventId.Id == RelationalEventId.MigrationApplying.Id);

    private static async Task DropAsync(string connectionString)
    {
        var problem = await TestServers.DropPostgresAsync(new NpgsqlConnectionStringBuilder(connectionString).Database!);
        if (problem is not null)
        {
            TestContext.Current.SendDiagnosticMessage($"Could not drop the test database: {problem}");
        }
    }
}
