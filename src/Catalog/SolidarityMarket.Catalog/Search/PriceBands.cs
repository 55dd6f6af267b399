namespace SolidarityMarket.Catalog.Search;

/// <summary>
/// The fixed price bands of the search facet, over the card price (USD cents). A listing without a card price
/// (credits only) is in <see cref="NoCardPrice"/>. Bounds are inclusive below, exclusive above:
/// under $10, $10–25, $25–50, $50–100, $100 and more. Fixed (not configurable) so that links and saved searches
/// keep meaning the same thing; documented in docs/catalog.md.
/// </summary>
public static class PriceBands
{
    public const int NoCardPrice = 0;

    /// <summary>Band keys as they appear in the API, by band number (the index).</summary>
    public static readonly IReadOnlyList<string> Keys = ["no-card-price", "under-10", "10-25", "25-50", "50-100", "100-plus"];

    /// <summary>Lower bound in cents of bands 1..5 (band 0 has no card price).</summary>
    public const long Band2From = 1_000;
    public const long Band3From = 2_500;
    public const long Band4From = 5_000;
    public const long Band5From = 10_000;

    /// <summary>The band number of a card price; the search query uses the same rule in SQL.</summary>
    public static int Of(long? priceCents) => priceCents switch
    {
        null => NoCardPrice,
        < Band2From => 1,
        < Band3From => 2,
        < Band4From => 3,
        < Band5From => 4,
        _ => 5,
    };

    /// <summary>Lowest card price in cents of a band from 1 to 5 (inclusive).</summary>
    public static long From(int band) => band switch
    {
        1 => 0,
        2 => Band2From,
        3 => Band3From,
        4 => Band4From,
        5 => Band5From,
        _ => throw new ArgumentOutOfRangeException(nameof(band), band, "Bands with a card price are 1 to 5."),
    };

    /// <summary>The card price in cents where a band from 1 to 5 ends (exclusive).</summary>
    public static long Until(int band) => band == 5 ? long.MaxValue : From(band + 1);

    public static int? Parse(string key)
    {
        var index = Keys.ToList().IndexOf(key);
        return index < 0 ? null : index;
    }
}
