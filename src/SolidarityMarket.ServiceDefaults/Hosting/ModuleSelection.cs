using Microsoft.Extensions.Configuration;

namespace SolidarityMarket.ServiceDefaults.Hosting;

/// <summary>Reads the <c>Modules</c> setting: <c>--Modules=Ledger</c>, <c>--Modules=Catalog,Ledger</c> or <c>Modules__0=Catalog</c>.</summary>
public static class ModuleSelection
{
    public static IReadOnlyList<IServiceModule> Select(IConfiguration configuration, IReadOnlyList<IServiceModule> available)
    {
        var section = configuration.GetSection("Modules");
        var names = section.Value is { } single
            ? single.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : section.GetChildren().Select(c => c.Value).OfType<string>().ToArray();
        if (names.Length == 0)
        {
            return available;
        }

        var unknown = names.Where(n => !available.Any(m => m.Name.Equals(n, StringComparison.OrdinalIgnoreCase))).ToList();
        if (unknown.Count > 0)
        {
            throw new InvalidOperationException(
                $"Unknown module(s) in the Modules setting: {string.Join(", ", unknown)}. Known: {string.Join(", ", available.Select(m => m.Name))}.");
        }

        return available.Where(m => names.Contains(m.Name, StringComparer.OrdinalIgnoreCase)).ToList();
    }
}
