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

    /// <summary>The largest platform fee: 99.99 %.</summary>
    public const int MaxPlatformFeeBasisPoints = 9_999;

    /// <summary>
    /// The only card currency: the catalog's prices are US cents (issue 4), the web UI shows them as dollars, and the
    /// 50-cent card minimum is Stripe's for USD. Charging them in another currency would charge what the buyer never
    /// saw (100× for a zero-decimal currency such as JPY), so another currency is refused at start until the catalog,
    /// the UI and the minimum follow it.
    /// </summary>
    public const string CardCurrency = "usd";

    /// <summary>The start-up failure for a card currency other than <see cref="CardCurrency"/>, or null.</summary>
    public static string? CurrencyFailure(string key, string? currency) =>
        string.Equals(currency, CardCurrency, StringComparison.Ordinal) ? null
            : $"{key} must be {CardCurrency}: the catalog's prices are US cents and the UI shows dollars, so a card payment in another currency would charge "
              + $"what the buyer never saw; got '{currency}'.";

    public ValidateOptionsResult Validate(string? name, OrderingOptions options)
    {
        var failures = new List<string>();
        if (CurrencyFailure("Ordering:Currency", options.Currency) is { } currency)
        {
            failures.Add(currency);
        }

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

        // 10,000 (100 %) or more would leave the co-op a transfer of 0 cents, which Stripe refuses; a negative fee
        // would pay the co-op more than the buyer paid. Refused at start rather than silently clamped.
        foreach (var (key, basisPoints) in options.PlatformFeeBasisPointsByCategory.Select(c => ($"PlatformFeeBasisPointsByCategory:{c.Key}", c.Value)).Prepend(("PlatformFeeBasisPoints", options.PlatformFeeBasisPoints)))
        {
            if (basisPoints is < 0 or > MaxPlatformFeeBasisPoints)
            {
                failures.Add($"Ordering:{key} must be between 0 and {MaxPlatformFeeBasisPoints} basis points (the co-op must get something); got {basisPoints}.");
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

        // Stripe refuses an account link whose return or refresh URL is not absolute; a relative one would only fail
        // when a vendor first asks to set up card payments.
        foreach (var (key, url) in new[] { ("OnboardingRefreshUrl", options.OnboardingRefreshUrl), ("OnboardingReturnUrl", options.OnboardingReturnUrl) })
        {
            if (url is null || !url.IsAbsoluteUri || url.Scheme is not ("http" or "https"))
            {
                failures.Add($"Ordering:{key} must be an absolute http(s) URL ({OrderingOptions.VendorIdPlaceholder} stands for the vendor's id); got '{url?.OriginalString}'.");
            }
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
