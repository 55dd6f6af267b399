using Hangfire;
using Hangfire.AspNetCore;
using Hangfire.Dashboard;
using Hangfire.InMemory;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Hangfire.SqlServer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SolidarityMarket.ServiceDefaults.Auth;
using SolidarityMarket.ServiceDefaults.Data;

namespace SolidarityMarket.ServiceDefaults.Jobs;

public static class JobsSetup
{
    /// <summary>
    /// Hangfire: in-memory storage in the embedded default, SQL storage on servers (<c>ConnectionStrings:Hangfire</c>,
    /// else the default connection, schema "hangfire"). The server of a process listens only on the queues of the
    /// modules it runs, so a Ledger job is never picked up by a process that has no Ledger services.
    /// </summary>
    public static IHostApplicationBuilder AddSolidarityJobs(this IHostApplicationBuilder builder, IEnumerable<string> moduleNames)
    {
        var settings = DatabaseSettings.From(builder.Configuration);
        var configuration = builder.Configuration;

        // Storage and activator per host, registered before AddHangfire so its TryAdd keeps them. Hangfire's
        // defaults are process-wide statics (JobStorage.Current, JobActivator.Current) that the last host to start
        // overwrites: with several hosts in one process (the tests) one host ran jobs with another's services and
        // disposed another's storage. The jobs here never use Hangfire's static API.
        builder.Services.AddSingleton<JobStorage>(services =>
        {
            services.GetRequiredService<IGlobalConfiguration>();
            return CreateStorage(settings, configuration);
        });
        builder.Services.AddSingleton<JobActivator>(services => new AspNetCoreJobActivator(services.GetRequiredService<IServiceScopeFactory>()));
        builder.Services.AddHangfire((services, cfg) =>
        {
            cfg.UseLogProvider(SharedHangfireLogProvider.Instance.Use(services.GetRequiredService<ILoggerFactory>()));
            cfg.SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
               .UseSimpleAssemblyNameTypeSerializer()
               .UseRecommendedSerializerSettings();
        });
        builder.Services.AddHangfireServer(o =>
        {
            o.Queues = [.. moduleNames.Select(QueueName), "default"];
            o.WorkerCount = Math.Max(2, Environment.ProcessorCount);
        });
        return builder;
    }

    private static JobStorage CreateStorage(DatabaseSettings settings, IConfiguration configuration)
    {
        switch (settings.Provider)
        {
            case DatabaseProvider.Sqlite:
                return new InMemoryStorage();
            case DatabaseProvider.Postgres:
                var options = new PostgreSqlStorageOptions { SchemaName = "hangfire", PrepareSchemaIfNecessary = true, QueuePollInterval = TimeSpan.FromSeconds(1) };
                var pg = settings.ConnectionString(configuration, "Hangfire");
                return new PostgreSqlStorage(new NpgsqlConnectionFactory(pg, options), options);
            default:
                return new SqlServerStorage(settings.ConnectionString(configuration, "Hangfire"));
        }
    }

    /// <summary>Hangfire queue of a module: lower case, as Hangfire requires.</summary>
    public static string QueueName(string module) => module.ToLowerInvariant();

    /// <summary>The dashboard at <c>/hangfire</c>, for administrators only.</summary>
    public static IEndpointRouteBuilder MapSolidarityJobsDashboard(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHangfireDashboard("/hangfire", new DashboardOptions
        {
            Authorization = [new AdminDashboardFilter()],
            DisplayStorageConnectionString = false,
        }).RequireAuthorization(Policies.Admin);
        return endpoints;
    }

    /// <summary>Second line of defence inside Hangfire (its default filter would allow any local request).</summary>
    private sealed class AdminDashboardFilter : IDashboardAuthorizationFilter
    {
        public bool Authorize(DashboardContext context) => context.GetHttpContext().User.IsInRole(Roles.Admin);
    }
}
