using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using SolidarityMarket.ServiceDefaults.Jobs;
using SolidarityMarket.Testing;

namespace SolidarityMarket.ServiceDefaults.Tests.Jobs;

/// <summary>
/// A process killed while it held a recurring job's storage lock leaves the lock until the storage's timeout (10
/// minutes on PostgreSQL). The restarted process's job registration met it, threw, and the process failed to start
/// (seen in CI after killing Ordering mid-run). Now the start goes on and the registration is retried until it gets
/// through, on the real Hangfire.PostgreSql storage.
/// </summary>
public sealed class RecurringJobRegistrationTests
{
    [Fact]
    public async Task A_lock_left_on_a_recurring_job_neither_fails_the_start_nor_loses_the_registration()
    {
        var connectionString = await TestServers.RequirePostgresAsync("jobs_lock");
        try
        {
            var options = new PostgreSqlStorageOptions { SchemaName = "hangfire", PrepareSchemaIfNecessary = true };
            var storage = new PostgreSqlStorage(new NpgsqlConnectionFactory(connectionString, options), options);
            var jobs = new RecurringJobManager(storage);
            var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
            using var inspector = storage.GetConnection();

            // What a process killed inside the scheduler leaves behind: the job's lock, held by nobody alive.
            var leftLock = storage.GetConnection().AcquireDistributedLock("lock:recurring-job:probe", TimeSpan.FromSeconds(5));
            var retry = RecurringJobRegistration.Register(jobs, NullLogger.Instance, time, "probe",
                j => j.AddOrUpdate("probe", () => Console.WriteLine("never runs"), Cron.Never), CancellationToken.None);

            Assert.False(retry.IsCompleted);
            Assert.Null(inspector.GetAllEntriesFromHash("recurring-job:probe"));

            // The lock ends (its timeout passed); the next retry registers the job.
            leftLock.Dispose();
            var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
            while (!retry.IsCompleted && DateTime.UtcNow < deadline)
            {
                time.Advance(RecurringJobRegistration.RetryInterval);
                await Task.WhenAny(retry, Task.Delay(TimeSpan.FromMilliseconds(100)));
            }

            Assert.True(retry.IsCompletedSuccessfully, "the registration was not retried");
            Assert.NotNull(inspector.GetAllEntriesFromHash("recurring-job:probe"));
        }
        finally
        {
            await TestServers.DropPostgresAsync(new NpgsqlConnectionStringBuilder(connectionString).Database!);
        }
    }
}
