using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace SolidarityMarket.ServiceDefaults.Hosting;

/// <summary>
/// One warning logged when the host starts — a setting a production deployment should have and does not — under the
/// category of the part that needs it. Each registration is its own hosted service (not <c>AddHostedService</c>, which
/// would keep only the first of several).
/// </summary>
public sealed class StartupWarning(ILogger logger, string message, object?[] args) : IHostedService
{
    public static void Add(IServiceCollection services, Type category, string message, params object?[] args) =>
        services.AddSingleton<IHostedService>(provider => new StartupWarning(provider.GetRequiredService<ILoggerFactory>().CreateLogger(category), message, args));

    public Task StartAsync(CancellationToken cancellationToken)
    {
#pragma warning disable CA2254 // The template is the caller's constant; the arguments are its placeholders.
        logger.LogWarning(message, args);
#pragma warning restore CA2254
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
