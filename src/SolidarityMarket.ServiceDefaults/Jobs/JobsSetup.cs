using Hangfire;
using Hangfire.Dashboard;
using Hangfire.PostgreSql;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
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
        builder.Services.AddHangfire((services, cfg) =>
        {
            cfg.UseLogProvider(SharedHangfireLogProvider.Instance.Use(services.GetRequiredService<ILoggerFactory>()));
            cfg.SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
               .UseSimpleAssemblyNameTypeSerializer()
               .UseRecommendedSerializerSettings();
            switch (settings.Provider)
            {
                case DatabaseProvider.Sqlite:
                    cfg.UseInMemoryStorage();
                    break;
                case DatabaseProvider.Postgres:
                    var pg = settings.ConnectionString(builder.Configuration, "Hangfire");
                    cfg.UsePostgreSqlStorage(o => o.UseNpgsqlConnection(pg), new PostgreSqlStorageOptions { SchemaName = "hangfire", PrepareSchemaIfNecessary = true, QueuePollInterval = TimeSpan.FromSeconds(1) });
                    break;
                default:
                    cfg.UseSqlServerStorage(settings.ConnectionString(builder.Configuration, "Hangfire"));
                    break;
            }
        });
        builder.Services.AddHangfireServer(o =>
        {
            o.Queues = [.. moduleNames.Select(QueueName), "default"];
            o.WorkerCount = Math.Max(2, Environment.ProcessorCount);
        });
        return builder;
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
