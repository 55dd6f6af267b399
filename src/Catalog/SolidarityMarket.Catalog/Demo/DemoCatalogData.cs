namespace SolidarityMarket.Catalog.Demo;

/// <summary>What co-ops of each sector are called and offer, so the demo looks like a real network.</summary>
public static class DemoCatalogData
{
    public sealed record Offer(string Title, bool IsGood, long TypicalPriceCents);

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
            new("Sourdough loaf", true, 650), new("Seasonal vegetable box", true, 2400), new("Fair-trade coffee beans, 500 g", true, 1400),
            new("Free-range eggs, dozen", true, 550), new("Catering for 20 people", false, 36000), new("Preserves workshop", false, 4500),
        ],
        ["housing"] =
        [
            new("Roof repair, per hour", false, 6500), new("Loft insulation, per m²", false, 2800), new("Reclaimed timber, per metre", true, 900),
            new("Plumbing call-out", false, 8500), new("Co-housing feasibility consultation", false, 12000), new("Lime plaster, 25 kg", true, 3200),
        ],
        ["services"] =
        [
            new("Bookkeeping, per hour", false, 4500), new("Website set-up for a co-op", false, 90000), new("Translation, per page", false, 3500),
            new("Co-op governance training", false, 25000), new("Logo and identity design", false, 60000), new("Payroll, per month", false, 15000),
        ],
        ["manufacturing"] =
        [
            new("Hand-made oak chair", true, 32000), new("Bicycle service", false, 6000), new("Recycled-plastic planter", true, 2500),
            new("Screen-printed T-shirt", true, 2200), new("Ceramic mug set of 4", true, 4800), new("Repair café session", false, 1500),
        ],
        ["care"] =
        [
            new("Childcare, per hour", false, 1800), new("Elder companionship visit", false, 2500), new("Massage therapy, 60 min", false, 6000),
            new("Community yoga class", false, 1000), new("First-aid course", false, 9000), new("Home care, per hour", false, 2800),
        ],
    };
}
