using SolidarityMarket.Web.Api;

namespace SolidarityMarket.Web.Admin;

/// <summary>
/// A limit as an administrator types it, in credits ("250.00"), read into hundredths (<see cref="MinorUnits"/>).
/// Unlike a payment, zero is a limit ("no debt allowed"); a credit limit may also be "none": no ceiling.
/// </summary>
public static class LimitAmount
{
    public const string None = "none";

    /// <summary>
    /// The largest limit typed as a number: whatever the ledger stores below "no ceiling" (period closes and the API may
    /// set limits far above any payment's maximum, and the form must show and take back what an account has).
    /// </summary>
    private const long Largest = AdminAccount.NoCeiling - 1;

    public static bool TryParse(string? text, string field, bool noneAllowed, out long hundredths, out string error)
    {
        if (noneAllowed && string.Equals(text?.Trim(), None, StringComparison.OrdinalIgnoreCase))
        {
            (hundredths, error) = (AdminAccount.NoCeiling, "");
            return true;
        }

        var problem = MinorUnits.Read(text, Largest, out hundredths);
        error = problem switch
        {
            // Read refuses zero only after reading every digit: the text was a zero.
            AmountProblem.None or AmountProblem.NotPositive => "",
            AmountProblem.Empty => noneAllowed
                ? $"Enter the {field} in credits, e.g. 400.00, or \"{None}\" for no ceiling."
                : $"Enter the {field} in credits, e.g. 250.00 (0 for none).",
            AmountProblem.Comma => $"Write the {field} with a point for the cents and no thousands separators, e.g. 1250.50.",
            AmountProblem.TooMuch => $"The {field} can be at most {MinorUnits.WholeUnits(Largest)} credits.",
            _ => $"Write the {field} as a number of credits with at most two decimals, e.g. 250.00.",
        };
        return error.Length == 0;
    }

    /// <summary>A limit as the form shows it: "250.00", or "none" for no ceiling.</summary>
    public static string Text(long hundredths) =>
        hundredths == AdminAccount.NoCeiling ? None
            : (hundredths / 100).ToString(System.Globalization.CultureInfo.InvariantCulture) + "." + (hundredths % 100).ToString("00", System.Globalization.CultureInfo.InvariantCulture);
}
