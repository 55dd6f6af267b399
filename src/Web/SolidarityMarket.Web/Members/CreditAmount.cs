using System.Globalization;

namespace SolidarityMarket.Web.Members;

/// <summary>
/// An amount of credits as a member types it ("12", "12.5", "12.50") read into hundredths with integer arithmetic
/// only. A comma is refused rather than guessed at: "1,250" is 1.25 in much of the world and 1250 in the rest.
/// </summary>
public static class CreditAmount
{
    /// <summary>The largest amount the form accepts: far above any limit, far below a long's end.</summary>
    public const long MaxHundredths = 1_000_000_000_000;

    private static readonly string TooMuch = $"The amount can be at most {(MaxHundredths / 100).ToString("#,0", CultureInfo.InvariantCulture)} credits.";

    public static bool TryParse(string? text, out long hundredths, out string error)
    {
        hundredths = 0;
        var value = (text ?? "").Trim();
        error = value.Length == 0 ? "Enter an amount."
            : value.Contains(',', StringComparison.Ordinal) ? "Write the amount with a point for the cents and no thousands separators, e.g. 1250.50."
            : "";
        if (error.Length > 0)
        {
            return false;
        }

        var point = value.IndexOf('.', StringComparison.Ordinal);
        var whole = point < 0 ? value : value[..point];
        var cents = point < 0 ? "" : value[(point + 1)..];
        if (whole.Length == 0 || !whole.All(char.IsAsciiDigit) || cents.Length > 2 || !cents.All(char.IsAsciiDigit) || (point >= 0 && cents.Length == 0))
        {
            error = "Write the amount as a number of credits with at most two decimals, e.g. 12.50.";
            return false;
        }

        // Whole credits above the maximum are refused before multiplying, so nothing can overflow.
        var trimmed = whole.TrimStart('0');
        if (trimmed.Length > 13 || (trimmed.Length > 0 && long.Parse(trimmed, CultureInfo.InvariantCulture) > MaxHundredths / 100))
        {
            error = TooMuch;
            return false;
        }

        var amount = (trimmed.Length == 0 ? 0 : long.Parse(trimmed, CultureInfo.InvariantCulture)) * 100
            + (cents.Length == 0 ? 0 : long.Parse(cents.PadRight(2, '0'), CultureInfo.InvariantCulture));
        if (amount <= 0)
        {
            error = "The amount must be more than zero.";
            return false;
        }

        if (amount > MaxHundredths)
        {
            error = TooMuch;
            return false;
        }

        hundredths = amount;
        return true;
    }
}
