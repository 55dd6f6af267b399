namespace SolidarityMarket.ServiceDefaults.Hosting;

/// <summary>
/// Work that must finish before the process takes traffic or consumes messages: migrations, role seeding,
/// demo data. Run in registration order by <see cref="StartupTaskRunner"/>.
/// </summary>
public interface IStartupTask
{
    /// <summary>Lower runs first: schema (0) before reference data (10) before demo data (100).</summary>
    int Order { get; }

    Task RunAsync(IServiceProvider services, CancellationToken cancellationToken);
}
