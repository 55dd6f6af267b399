namespace SolidarityMarket.Catalog.Demo;

/// <summary>What co-ops of each sector are called and offer, so the demo looks like a real network.</summary>
public static class DemoCatalogData
{
    /// <summary>A typical offer: its category is one of the sector's default categories (CatalogOptions).</summary>
    public sealed record Offer(string Title, bool IsGood, long TypicalPriceCents, string Category, string Unit);

    public static readonly string[] Promises =
    [
        "Made by its worker-owners, paid fairly.", "Local and seasonal.", "Collection or delivery within the region.",
        "Members of the network pay in credits too.", "Low-waste materials, repairable by design.", "Booked through the co-op's rota.",
    ];

    public static readonly IReadOnlyDictionary<string, string[]> CoopNames = new Dictionary<string, string[]>
    {
        ["food"] = ["Bakers' Co-operative", "Growers' Collective", "Community Grocery", "Fair Coffee Roasters"],
        ["housing"] = ["Builders' Co-operative", "Housing Collective", "Repair & Retrofit Co-op", "Timber Workers"],
        ["services"] = ["Bookkeepers' Co-op", "Tech Workers' Co-operative", "Translators' Collective", "Design Commons"],
        ["manufacturing"] = ["Furniture Makers", "Bicycle Workshop Co-op", "Print Workers' Co-operative", "Potters' Guild"],
        ["care"] = ["Childcare Co-operative", "Home Care Workers", "Wellbeing Collective", "Community Health Co-op"],
    };

    public static readonly IReadOnlyDictionary<string, Offer[]> Offers = new Dictionary<string, Offer[]>
    {
        ["food"] =
        [
            new("Sourdough loaf", true, 650, "bakery", "loaf"), new("Seasonal vegetable box", true, 2400, "produce", "box"), new("Fair-trade coffee beans, 500 g", true, 1400, "drinks", "bag"),
            new("Free-range eggs, dozen", true, 550, "dairy-and-eggs", "dozen"), new("Catering for 20 people", false, 36000, "catering", "event"), new("Preserves workshop", false, 4500, "workshops", "place"),
        ],
        ["housing"] =
        [
            new("Roof repair, per hour", false, 6500, "repair", "hour"), new("Loft insulation, per m²", false, 2800, "energy", "m²"), new("Reclaimed timber, per metre", true, 900, "materials", "metre"),
            new("Plumbing call-out", false, 8500, "repair", "visit"), new("Co-housing feasibility consultation", false, 12000, "consulting", "session"), new("Lime plaster, 25 kg", true, 3200, "materials", "bag"),
        ],
        ["services"] =
        [
            new("Bookkeeping, per hour", false, 4500, "finance", "hour"), new("Website set-up for a co-op", false, 90000, "technology", "project"), new("Translation, per page", false, 3500, "language", "page"),
            new("Co-op governance training", false, 25000, "training", "day"), new("Logo and identity design", false, 60000, "design", "project"), new("Payroll, per month", false, 15000, "administration", "month"),
        ],
        ["manufacturing"] =
        [
            new("Hand-made oak chair", true, 32000, "furniture", "item"), new("Bicycle service", false, 6000, "bicycles", "service"), new("Recycled-plastic planter", true, 2500, "homeware", "item"),
            new("Screen-printed T-shirt", true, 2200, "printing", "item"), new("Ceramic mug set of 4", true, 4800, "ceramics", "set"), new("Repair café session", false, 1500, "repair", "session"),
        ],
        ["care"] =
        [
            new("Childcare, per hour", false, 1800, "childcare", "hour"), new("Elder companionship visit", false, 2500, "elder-care", "visit"), new("Massage therapy, 60 min", false, 6000, "health", "session"),
            new("Community yoga class", false, 1000, "wellbeing", "class"), new("First-aid course", false, 9000, "education", "course"), new("Home care, per hour", false, 2800, "elder-care", "hour"),
        ],
    };
}
