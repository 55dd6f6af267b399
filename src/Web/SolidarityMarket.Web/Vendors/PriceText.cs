using System.Globalization;

namespace SolidarityMarket.Web.Vendors;

/// <summary>
/// A price as a vendor types it ("12", "12.5", "12.50") read into minor units (cents or credit hundredths) with integer
/// arithmetic only, by the rules of <see cref="Members.CreditAmount"/>: a comma is refused rather than guessed at
/// ("1,250" is 1.25 in much of the world and 1250 in the rest). Empty means "not sold this way"; the Catalog decides
/// whether at least one price is there. The bound is the Catalog's own, so the form refuses what the API would.
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
        minor = null;
        error = "";
        var value = (text ?? "").Trim();
        if (value.Length == 0)
        {
            return true;
        }

        if (value.Contains(',', StringComparison.Ordinal))
        {
            error = $"{what}: write it with a point for the cents and no thousands separators, e.g. 1250.50.";
            return false;
        }

        var point = value.IndexOf('.', StringComparison.Ordinal);
        var whole = point < 0 ? value : value[..point];
        var cents = point < 0 ? "" : value[(point + 1)..];
        if (whole.Length == 0 || !whole.All(char.IsAsciiDigit) || cents.Length > 2 || !cents.All(char.IsAsciiDigit) || (point >= 0 && cents.Length == 0))
        {
            error = $"{what}: write it as a number of {unit} with at most two decimals, e.g. 12.50.";
            return false;
        }

        // Whole units above the maximum are refused before multiplying, so nothing can overflow.
        var trimmed = whole.TrimStart('0');
        var tooMuch = $"{what} can be at most {(MaxMinor / 100).ToString("#,0", CultureInfo.InvariantCulture)} {unit}.";
        if (trimmed.Length > 13 || (trimmed.Length > 0 && long.Parse(trimmed, CultureInfo.InvariantCulture) > MaxMinor / 100))
        {
            error = tooMuch;
            return false;
        }

        var amount = (trimmed.Length == 0 ? 0 : long.Parse(trimmed, CultureInfo.InvariantCulture)) * 100
            + (cents.Length == 0 ? 0 : long.Parse(cents.PadRight(2, '0'), CultureInfo.InvariantCulture));
        if (amount <= 0)
        {
            error = $"{what} must be more than zero (leave it empty if the listing is not sold this way).";
            return false;
        }

        if (amount > MaxMinor)
        {
            error = tooMuch;
            return false;
        }

        minor = amount;
        return true;
    }

    /// <summary>Minor units as the form shows them again: "1250.50", no thousands separator, so it reads back the same.</summary>
    public static string Format(long? minor) => minor is { } m
        ? (m / 100).ToString(CultureInfo.InvariantCulture) + "." + (m % 100).ToString("00", CultureInfo.InvariantCulture)
        : "";
}
