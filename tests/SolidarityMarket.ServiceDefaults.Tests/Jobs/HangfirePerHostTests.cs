using Hangfire;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SolidarityMarket.ServiceDefaults.Jobs;

namespace SolidarityMarket.ServiceDefaults.Tests.Jobs;

/// <summary>
/// Several hosts in one process (the tests) each keep their own Hangfire storage and job activator. Hangfire's
/// defaults are process-wide statics: a host used another's storage, and failed with ObjectDisposedException once
/// that other host was disposed (seen in CI).
/// </summary>
public sealed class HangfirePerHostTests
{
    [Fact]
    public void Each_host_has_its_own_storage_and_activator_and_outlives_a_disposed_neighbour()
    {
        using var first = Build();
        var second = Build();
        var secondStorage = second.Services.GetRequiredService<JobStorage>();

        Assert.NotSame(first.Services.GetRequiredService<JobStorage>(), secondStorage);
        Assert.NotSame(first.Services.GetRequiredService<JobActivator>(), second.Services.GetRequiredService<JobActivator>());

        second.Dispose();
        first.Services.GetRequiredService<IRecurringJobManager>().AddOrUpdate("probe", () => Console.WriteLine("never runs"), Cron.Never);

        using var connection = first.Services.GetRequiredService<JobStorage>().GetConnection();
        Assert.NotNull(connection.GetAllEntriesFromHash("recurring-job:probe"));
    }

    private static IHost Build()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Database:Provider"] = "Sqlite" });
        builder.AddSolidarityJobs(["Ledger"]);
        return builder.Build();
    }
}
