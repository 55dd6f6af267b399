namespace SolidarityMarket.Catalog;

/// <summary>Catalog settings (section <c>Catalog</c>).</summary>
public sealed class CatalogOptions
{
    /// <summary>The network's sectors; each is also a ledger exchange.</summary>
    public List<string> Sectors { get; set; } = [];

    /// <summary>
    /// Listing categories per sector (<c>Catalog:Categories:food:0=bread</c>, ...). A sector missing here uses
    /// <see cref="DefaultCategories"/>, or <see cref="FallbackCategories"/> when it has no defaults either.
    /// </summary>
    public Dictionary<string, List<string>> Categories { get; set; } = [];

    public static readonly IReadOnlyList<string> DefaultSectors = ["food", "housing", "services", "manufacturing", "care"];

    public static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> DefaultCategories = new Dictionary<string, IReadOnlyList<string>>
    {
        ["food"] = ["bakery", "produce", "dairy-and-eggs", "pantry", "drinks", "catering", "workshops"],
        ["housing"] = ["construction", "repair", "materials", "energy", "consulting"],
        ["services"] = ["finance", "technology", "language", "design", "training", "administration"],
        ["manufacturing"] = ["furniture", "bicycles", "textiles", "ceramics", "homeware", "printing", "repair"],
        ["care"] = ["childcare", "elder-care", "health", "wellbeing", "education"],
    };

    /// <summary>Categories of a configured sector that has no list of its own.</summary>
    public static readonly IReadOnlyList<string> FallbackCategories = ["goods", "services"];

    /// <summary>
    /// How many published matches of a search's words are counted and ranked (<c>Catalog:SearchMatchLimit</c>); 0, the
    /// default, counts and ranks every match. A search by relevance whose words match more listings than a positive
    /// limit works on limit-many of them and says so (<see cref="Search.ListingSearchResult.TotalRelation"/> "gte").
    /// Off by default because filters then apply within the counted matches and hide real results; an operator may
    /// trade that for speed on a large catalog. docs/adr/0009-search-match-limit.md.
    /// </summary>
    public int SearchMatchLimit { get; set; } = DefaultSearchMatchLimit;

    public const int DefaultSearchMatchLimit = 0;

    public IReadOnlyList<string> EffectiveSectors => Sectors.Count > 0 ? Sectors : DefaultSectors;

    /// <summary>The categories a listing of <paramref name="sector"/> may have.</summary>
    public IReadOnlyList<string> CategoriesOf(string sector) =>
        Categories.TryGetValue(sector, out var configured) && configured.Count > 0 ? configured
        : DefaultCategories.TryGetValue(sector, out var defaults) ? defaults
        : FallbackCategories;
}
