using System.Globalization;

namespace SolidarityMarket.Web.Catalog;

/// <summary>How amounts and facet values read on the pages. Amounts are formatted from their minor units with integer
/// arithmetic only (no floating point between the API and the page).</summary>
public static class Display
{
    /// <summary>USD cents as "$1,234.50".</summary>
    public static string Usd(long cents) => (cents < 0 ? "-$" : "$") + Units(Math.Abs(cents));

    /// <summary>Credit hundredths as "12.50 credits".</summary>
    public static string Credits(long hundredths) => (hundredths < 0 ? "-" : "") + Units(Math.Abs(hundredths)) + " credits";

    private static string Units(long minor) =>
        (minor / 100).ToString("#,0", CultureInfo.InvariantCulture) + "." + (minor % 100).ToString("00", CultureInfo.InvariantCulture);

    /// <summary>The text cut to about <paramref name="max"/> characters (never inside a surrogate pair), with "…" if cut.</summary>
    public static string Excerpt(string text, int max)
    {
        if (text.Length <= max)
        {
            return text;
        }

        var end = char.IsHighSurrogate(text[max - 1]) ? max - 1 : max;
        return text[..end].TrimEnd() + "…";
    }

    /// <summary>The label of a facet value as a person reads it.</summary>
    public static string FacetValue(string facet, string value) => (facet, value) switch
    {
        (Facet.Certified, "true") => "Solidarity Made",
        (Facet.Certified, "false") => "Not certified",
        (Facet.AcceptsCredits, "true") => "Accepts credits",
        (Facet.AcceptsCredits, "false") => "Card payment only",
        (Facet.PriceBand, "no-card-price") => "Credits only",
        (Facet.PriceBand, "under-10") => "Under $10",
        (Facet.PriceBand, "10-25") => "$10 to $25",
        (Facet.PriceBand, "25-50") => "$25 to $50",
        (Facet.PriceBand, "50-100") => "$50 to $100",
        (Facet.PriceBand, "100-plus") => "$100 and more",
        (Facet.Sector, _) when value.Length > 0 => char.ToUpperInvariant(value[0]) + value[1..],
        _ => value,
    };

    public static readonly IReadOnlyList<(string Value, string Label)> Sorts =
        [("", "Best match (newest without words)"), ("relevance", "Relevance"), ("price", "Price"), ("newest", "Newest")];
}
