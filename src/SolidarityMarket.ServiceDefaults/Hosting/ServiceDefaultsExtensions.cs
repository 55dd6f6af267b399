using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SolidarityMarket.ServiceDefaults.Auth;
using SolidarityMarket.ServiceDefaults.Demo;
using SolidarityMarket.ServiceDefaults.Jobs;
using SolidarityMarket.ServiceDefaults.Messaging;
using SolidarityMarket.ServiceDefaults.Telemetry;
using SolidarityMarket.ServiceDefaults.Web;

namespace SolidarityMarket.ServiceDefaults.Hosting;

public static class ServiceDefaultsExtensions
{
    /// <summary>
    /// Everything a process needs whichever modules it runs, then the modules themselves, then the bus (which
    /// needs every module's consumers). Start-up tasks run first of all hosted services.
    /// </summary>
    public static IReadOnlyList<IServiceModule> AddSolidarityMarket(this WebApplicationBuilder builder, IReadOnlyList<IServiceModule> available)
    {
        var modules = ModuleSelection.Select(builder.Configuration, available);
        builder.Services.AddHostedService<StartupTaskRunner>();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSolidarityProblemDetails();
        builder.AddSolidarityForwardedHeaders();
        builder.Services.AddSolidarityOpenApi();
        builder.Services.AddHealthChecks();
        builder.AddSolidarityTelemetry("solidarity-market-" + string.Join('-', modules.Select(m => m.Name.ToLowerInvariant())));
        builder.AddSolidarityAuth();
        builder.AddSolidarityJobs(modules.Select(m => m.Name));
        if (DemoMode.IsEnabled(builder.Configuration, builder.Environment))
        {
            builder.Services.AddSingleton<IStartupTask, SeedDemoUsers>();
        }
        else
        {
            builder.Services.AddSingleton<IStartupTask, LockOutDemoUsers>();
        }

        foreach (var module in modules)
        {
            module.Add(builder);
        }

        builder.AddSolidarityMessaging();
        return modules;
    }

    public static WebApplication MapSolidarityMarket(this WebApplication app, IReadOnlyList<IServiceModule> modules)
    {
        app.UseSolidarityForwardedHeaders();
        app.UseSolidarityProblemDetails();
        // After routing (WebApplication routes first), so it sees each endpoint's policy; before authentication,
        // so a refused request costs nothing more.
        app.UseRateLimiter();
        app.UseAuthentication();
        SignedInUserCheck.Use(app);
        CrossSiteRequestGuard.Use(app);
        app.UseAuthorization();
        app.MapSolidarityHealth();
        app.MapSolidarityOpenApi();
        app.MapSolidarityAuth();
        app.MapSolidarityJobsDashboard();
        foreach (var module in modules)
        {
            module.Map(app);
        }

        return app;
    }
}
