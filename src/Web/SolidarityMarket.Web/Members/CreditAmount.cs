using SolidarityMarket.Web.Api;

namespace SolidarityMarket.Web.Members;

/// <summary>An amount of credits as a member types it into a payment form, in hundredths (<see cref="MinorUnits"/>).</summary>
public static class CreditAmount
{
    /// <summary>The largest amount the forms accept: far above any limit, far below a long's end.</summary>
    public const long MaxHundredths = 1_000_000_000_000;

    public static bool TryParse(string? text, out long hundredths, out string error)
    {
        var problem = MinorUnits.Read(text, MaxHundredths, out hundredths);
        error = problem switch
        {
            AmountProblem.None => "",
            AmountProblem.Empty => "Enter an amount.",
            AmountProblem.Comma => "Write the amount with a point for the cents and no thousands separators, e.g. 1250.50.",
            AmountProblem.Malformed => "Write the amount as a number of credits with at most two decimals, e.g. 12.50.",
            AmountProblem.TooMuch => $"The amount can be at most {MinorUnits.WholeUnits(MaxHundredths)} credits.",
            _ => "The amount must be more than zero.",
        };
        return problem == AmountProblem.None;
    }
}
