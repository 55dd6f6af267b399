using Microsoft.Extensions.DependencyInjection;

namespace SolidarityMarket.ServiceDefaults.Messaging;

/// <summary>A service database of this process (one per <c>AddOutbox</c>), for the checks and admin endpoints that go over all of them.</summary>
public sealed record ServiceDatabase(Type ContextType);

public static class ServiceDatabases
{
    /// <summary>Each service database of this process, from a scope.</summary>
    public static IEnumerable<ServiceDbContext> All(IServiceProvider scoped) =>
        scoped.GetServices<ServiceDatabase>().Select(d => (ServiceDbContext)scoped.GetRequiredService(d.ContextType));

    /// <summary>The database of the service whose schema is <paramref name="service"/> ("catalog", "ordering", "ledger"), or null.</summary>
    public static ServiceDbContext? Named(IServiceProvider scoped, string service) =>
        All(scoped).FirstOrDefault(db => string.Equals(db.Schema, service, StringComparison.OrdinalIgnoreCase));
}
