using System.Globalization;

namespace SolidarityMarket.Web.Api;

/// <summary>What is wrong with a typed amount, if anything (<see cref="MinorUnits.Read"/>).</summary>
public enum AmountProblem
{
    None,
    Empty,

    /// <summary>A comma: refused rather than guessed at — "1,250" is 1.25 in much of the world and 1250 in the rest.</summary>
    Comma,

    /// <summary>Not digits with at most two decimals after a point.</summary>
    Malformed,
    TooMuch,
    NotPositive,
}

/// <summary>
/// An amount as a person types it ("12", "12.5", "12.50", " 007.05 ") read into minor units (cents, credit hundredths)
/// with integer arithmetic only: no floating point between the form and the API. Each form words the problems itself.
/// </summary>
public static class MinorUnits
{
    public static AmountProblem Read(string? text, long max, out long minor)
    {
        minor = 0;
        var value = (text ?? "").Trim();
        if (value.Length == 0)
        {
            return AmountProblem.Empty;
        }

        if (value.Contains(',', StringComparison.Ordinal))
        {
            return AmountProblem.Comma;
        }

        var point = value.IndexOf('.', StringComparison.Ordinal);
        var whole = point < 0 ? value : value[..point];
        var cents = point < 0 ? "" : value[(point + 1)..];
        if (whole.Length == 0 || !whole.All(char.IsAsciiDigit) || cents.Length > 2 || !cents.All(char.IsAsciiDigit) || (point >= 0 && cents.Length == 0))
        {
            return AmountProblem.Malformed;
        }

        // Whole units above the maximum are refused before multiplying, so nothing can overflow.
        var trimmed = whole.TrimStart('0');
        if (trimmed.Length > 17 || (trimmed.Length > 0 && long.Parse(trimmed, CultureInfo.InvariantCulture) > max / 100))
        {
            return AmountProblem.TooMuch;
        }

        var amount = (trimmed.Length == 0 ? 0 : long.Parse(trimmed, CultureInfo.InvariantCulture)) * 100
            + (cents.Length == 0 ? 0 : long.Parse(cents.PadRight(2, '0'), CultureInfo.InvariantCulture));
        if (amount <= 0)
        {
            return AmountProblem.NotPositive;
        }

        if (amount > max)
        {
            return AmountProblem.TooMuch;
        }

        minor = amount;
        return AmountProblem.None;
    }

    /// <summary>A maximum as a message names it: whole units with thousands separators, e.g. "1,000,000".</summary>
    public static string WholeUnits(long max) => (max / 100).ToString("#,0", CultureInfo.InvariantCulture);
}
