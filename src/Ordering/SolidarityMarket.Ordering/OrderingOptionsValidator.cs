using Microsoft.Extensions.Options;

namespace SolidarityMarket.Ordering;

/// <summary>
/// Checked at start-up (ValidateOnStart): deadlines that let a credit hold expire before the order settles would
/// leave co-ops unpaid for goods they delivered, so such a configuration stops the process with the arithmetic.
/// </summary>
public sealed class OrderingOptionsValidator : IValidateOptions<OrderingOptions>
{
    /// <summary>Ordering's jobs run hourly: the margin must hold at least two runs so a late run still settles in time.</summary>
    public static readonly TimeSpan MinimumHoldExpiryMargin = TimeSpan.FromHours(2);

    /// <summary>The ledger refuses longer holds (its <c>LedgerPolicy.MaxHoldTimeout</c>); Ordering cannot reference it, so the value is repeated here.</summary>
    public static readonly TimeSpan LedgerMaxHoldTimeout = TimeSpan.FromDays(366);

    public ValidateOptionsResult Validate(string? name, OrderingOptions options)
    {
        var failures = new List<string>();
        if (options.UnpaidOrderTimeout <= TimeSpan.Zero)
        {
            failures.Add("Ordering:UnpaidOrderTimeout must be positive.");
        }

        foreach (var (key, days) in new[] { ("AutoCompleteAfterDays", options.AutoCompleteAfterDays), ("FulfilmentDeadlineDays", options.FulfilmentDeadlineDays), ("DisputeResolutionDays", options.DisputeResolutionDays) })
        {
            if (days < 1)
            {
                failures.Add($"Ordering:{key} must be at least 1.");
            }
        }

        if (options.HoldExpiryMargin < MinimumHoldExpiryMargin)
        {
            failures.Add($"Ordering:HoldExpiryMargin must be at least {MinimumHoldExpiryMargin} (two runs of the hourly jobs); got {options.HoldExpiryMargin}.");
        }

        if (options.CreditHoldTimeout > LedgerMaxHoldTimeout)
        {
            failures.Add($"Ordering:CreditHoldTimeout must be at most {LedgerMaxHoldTimeout.TotalDays} days, the ledger's longest hold; got {options.CreditHoldTimeout}.");
        }

        if (failures.Count == 0 && options.CreditHoldTimeout <= options.LongestCreditSettlementPath + options.HoldExpiryMargin)
        {
            failures.Add(
                $"Ordering:CreditHoldTimeout ({options.CreditHoldTimeout}) must exceed the longest credit order "
                + $"(UnpaidOrderTimeout {options.UnpaidOrderTimeout} + FulfilmentDeadlineDays {options.FulfilmentDeadlineDays} + AutoCompleteAfterDays "
                + $"{options.AutoCompleteAfterDays} + DisputeResolutionDays {options.DisputeResolutionDays} = {options.LongestCreditSettlementPath}) "
                + $"plus HoldExpiryMargin ({options.HoldExpiryMargin}): otherwise a hold can expire before the order settles and the co-op is never paid.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
