using System.Collections.Concurrent;
using System.Reflection;

namespace SolidarityMarket.ServiceDefaults.Messaging;

/// <summary>
/// Resolves the type names stored in outbox rows. Only types from the registered message assemblies (Contracts,
/// plus what a test adds) may travel, whatever a row says.
/// </summary>
public sealed class MessageTypes
{
    private readonly ConcurrentDictionary<string, Type> _cache = new();
    private readonly IReadOnlyList<Assembly> _assemblies;

    public MessageTypes(IEnumerable<Assembly> assemblies) => _assemblies = assemblies.Distinct().ToList();

    public Type Resolve(string name) => _cache.GetOrAdd(name, n =>
        _assemblies.Select(a => a.GetType(n, throwOnError: false)).FirstOrDefault(t => t is not null)
        ?? throw new InvalidOperationException($"Outbox message type '{n}' is not in a registered message assembly."));
}
