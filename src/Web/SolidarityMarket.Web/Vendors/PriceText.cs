using System.Globalization;
using SolidarityMarket.Web.Api;

namespace SolidarityMarket.Web.Vendors;

/// <summary>
/// A price as a vendor types it, read into minor units (cents or credit hundredths) by <see cref="MinorUnits"/>.
/// Empty means "not sold this way"; the Catalog decides whether at least one price is there. The bound is the
/// Catalog's own, so the form refuses what the API would.
/// </summary>
public static class PriceText
{
    /// <summary>The Catalog's largest price: 100,000,000 minor units (1,000,000.00).</summary>
    public const long MaxMinor = 100_000_000;

    /// <param name="text">What was typed.</param>
    /// <param name="what">The price's name in a message, e.g. "The card price".</param>
    /// <param name="unit">The unit's name in a message, e.g. "dollars".</param>
    public static bool TryParse(string? text, string what, string unit, out long? minor, out string error)
    {
        var problem = MinorUnits.Read(text, MaxMinor, out var read);
        minor = problem == AmountProblem.None ? read : null;
        error = problem switch
        {
            AmountProblem.None or AmountProblem.Empty => "",
            AmountProblem.Comma => $"{what}: write it with a point for the cents and no thousands separators, e.g. 1250.50.",
            AmountProblem.Malformed => $"{what}: write it as a number of {unit} with at most two decimals, e.g. 12.50.",
            AmountProblem.TooMuch => $"{what} can be at most {MinorUnits.WholeUnits(MaxMinor)} {unit}.",
            _ => $"{what} must be more than zero (leave it empty if the listing is not sold this way).",
        };
        return error.Length == 0;
    }

    /// <summary>Minor units as the form shows them again: "1250.50", no thousands separator, so it reads back the same.</summary>
    public static string Format(long? minor) => minor is { } m
        ? (m / 100).ToString(CultureInfo.InvariantCulture) + "." + (m % 100).ToString("00", CultureInfo.InvariantCulture)
        : "";
}
