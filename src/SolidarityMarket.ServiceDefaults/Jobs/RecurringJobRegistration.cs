using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace SolidarityMarket.ServiceDefaults.Jobs;

/// <summary>
/// Registers a module's recurring jobs at start without letting a lock left behind stop the process. Hangfire takes a
/// storage lock per recurring job to update it, and its scheduler takes the same lock each time it fires the job. A
/// process killed while it held one (kill -9, an OOM kill) leaves the lock to its storage's timeout —
/// Hangfire.PostgreSql frees it only after <c>DistributedLockTimeout</c>, 10 minutes — and the restarted process's
/// registration then failed, and with it the whole start (seen in CI after killing Ordering mid-run). The definitions
/// the previous run stored still fire meanwhile, so a registration that meets such a lock is logged and retried in
/// the background until it succeeds or the host stops.
/// </summary>
public static class RecurringJobRegistration
{
    public static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(30);

    /// <summary>Runs <paramref name="register"/> now, or, if a job's lock is held, again every <see cref="RetryInterval"/>.</summary>
    public static void Register(IServiceProvider services, string what, Action<IRecurringJobManager> register) =>
        Register(
            services.GetRequiredService<IRecurringJobManager>(),
            services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(RecurringJobRegistration)),
            services.GetService<TimeProvider>() ?? TimeProvider.System,
            what,
            register,
            services.GetService<IHostApplicationLifetime>()?.ApplicationStopping ?? CancellationToken.None);

    /// <summary>As above, with its parts given; returns the background retry (completed when registered at once).</summary>
    public static Task Register(IRecurringJobManager jobs, ILogger logger, TimeProvider time, string what, Action<IRecurringJobManager> register, CancellationToken stopping)
    {
        if (TryRegister(jobs, logger, what, register, retried: false))
        {
            return Task.CompletedTask;
        }

        return Task.Run(async () =>
        {
            while (!stopping.IsCancellationRequested)
            {
                try
                {
                    await Task.Delay(RetryInterval, time, stopping);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                if (TryRegister(jobs, logger, what, register, retried: true))
                {
                    return;
                }
            }
        }, CancellationToken.None);
    }

    /// <summary>Whether the exception is a storage's "could not get the lock in time".</summary>
    public static bool IsLockTimeout(Exception ex) => ex is DistributedLockTimeoutException or PostgreSqlDistributedLockException;

    private static bool TryRegister(IRecurringJobManager jobs, ILogger logger, string what, Action<IRecurringJobManager> register, bool retried)
    {
        try
        {
            register(jobs);
            if (retried)
            {
                logger.LogInformation("Recurring jobs of {What} registered after an earlier lock timeout", what);
            }

            return true;
        }
        catch (Exception ex) when (IsLockTimeout(ex))
        {
            logger.LogWarning(ex,
                "Recurring jobs of {What} not registered yet: a job's storage lock is held (by a process that died holding it, until the storage's lock timeout); the stored definitions still run, retrying in {Interval}",
                what, RetryInterval);
            return false;
        }
    }
}
