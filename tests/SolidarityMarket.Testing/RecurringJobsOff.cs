using Hangfire;
using Hangfire.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace SolidarityMarket.Testing;

/// <summary>
/// Takes a started host's recurring jobs off Hangfire's schedule, for hosts on a fake clock. Hangfire fires them on
/// the real clock while the jobs read the fake one: at the top of a real hour a job ran in the middle of a test that
/// had moved the clock past a deadline, and the test's own run found nothing left to do (seen in the Catalog's
/// certification tests). Such tests run the jobs themselves. Start-up tasks, which schedule the jobs, finish before
/// Hangfire's server starts.
/// </summary>
public static class RecurringJobsOff
{
    /// <summary>Removes every recurring job of <paramref name="services"/>' host; returns what was scheduled.</summary>
    public static IReadOnlyList<RecurringJobDto> Unschedule(IServiceProvider services)
    {
        using var connection = services.GetRequiredService<JobStorage>().GetConnection();
        var scheduled = connection.GetRecurringJobs();
        var jobs = services.GetRequiredService<IRecurringJobManager>();
        foreach (var job in scheduled)
        {
            jobs.RemoveIfExists(job.Id);
        }

        return scheduled;
    }
}
