namespace SolidarityMarket.Catalog;

/// <summary>Catalog settings (section <c>Catalog</c>).</summary>
public sealed class CatalogOptions
{
    /// <summary>The network's sectors; each is also a ledger exchange.</summary>
    public List<string> Sectors { get; set; } = [];

    public static readonly IReadOnlyList<string> DefaultSectors = ["food", "housing", "services", "manufacturing", "care"];

    public IReadOnlyList<string> EffectiveSectors => Sectors.Count > 0 ? Sectors : DefaultSectors;
}
