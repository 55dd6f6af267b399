using SolidarityMarket.Testing;

namespace SolidarityMarket.Ordering.Tests;

/// <summary>
/// The start-up rule that a credit hold outlives the order lifecycle: hold timeout &gt; unpaid timeout + fulfilment
/// deadline + auto-complete days + dispute days + margin (docs/orders.md, "Credit holds and deadlines").
/// </summary>
public sealed class OrderingOptionsValidatorTests
{
    private static readonly OrderingOptionsValidator Validator = new();

    [Fact]
    public void The_defaults_leave_the_hold_room_for_the_longest_order()
    {
        var defaults = new OrderingOptions();

        Assert.True(Validator.Validate(null, defaults).Succeeded);
        Assert.Equal(TimeSpan.FromDays(35) + TimeSpan.FromMinutes(30), defaults.LongestCreditSettlementPath);
    }

    [Fact]
    public void A_hold_timeout_equal_to_the_longest_path_plus_margin_is_refused_with_the_arithmetic()
    {
        var options = new OrderingOptions { UnpaidOrderTimeout = TimeSpan.FromHours(1), FulfilmentDeadlineDays = 10, AutoCompleteAfterDays = 10, DisputeResolutionDays = 5, HoldExpiryMargin = TimeSpan.FromDays(1) };
        options.CreditHoldTimeout = TimeSpan.FromDays(26) + TimeSpan.FromHours(1);

        var result = Validator.Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains("must exceed the longest credit order", result.FailureMessage, StringComparison.Ordinal);
        options.CreditHoldTimeout += TimeSpan.FromSeconds(1);
        Assert.True(Validator.Validate(null, options).Succeeded);
    }

    [Theory]
    [InlineData(10_000, null)]
    [InlineData(-1, null)]
    [InlineData(500, 10_000)]
    public void A_platform_fee_outside_0_to_9999_basis_points_is_refused_at_start(int basisPoints, int? individual)
    {
        var options = new OrderingOptions { PlatformFeeBasisPoints = basisPoints };
        if (individual is { } bp)
        {
            options.PlatformFeeBasisPointsByCategory["Individual"] = bp;
        }

        var result = Validator.Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains("between 0 and 9999 basis points", result.FailureMessage, StringComparison.Ordinal);
        Assert.True(Validator.Validate(null, new OrderingOptions { PlatformFeeBasisPoints = 9_999, PlatformFeeBasisPointsByCategory = { ["Individual"] = 0 } }).Succeeded);
    }

    [Theory]
    [InlineData("HoldExpiryMargin")]
    [InlineData("CreditHoldTimeout")]
    [InlineData("FulfilmentDeadlineDays")]
    [InlineData("UnpaidOrderTimeout")]
    public void Settings_outside_their_bounds_are_refused(string setting)
    {
        var options = new OrderingOptions();
        switch (setting)
        {
            case "HoldExpiryMargin": options.HoldExpiryMargin = TimeSpan.FromHours(1); break;
            case "CreditHoldTimeout": options.CreditHoldTimeout = TimeSpan.FromDays(367); break;
            case "FulfilmentDeadlineDays": options.FulfilmentDeadlineDays = 0; break;
            case "UnpaidOrderTimeout": options.UnpaidOrderTimeout = TimeSpan.Zero; break;
        }

        var result = Validator.Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains($"Ordering:{setting}", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("eur")]
    [InlineData("jpy")]
    [InlineData("USD")]
    [InlineData("")]
    public void A_card_currency_other_than_usd_is_refused_at_start_as_the_prices_are_us_cents(string currency)
    {
        var result = Validator.Validate(null, new OrderingOptions { Currency = currency });

        Assert.True(result.Failed);
        Assert.Contains("Ordering:Currency must be usd", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void The_host_refuses_to_start_with_a_card_currency_of_jpy()
    {
        using var factory = new MarketplaceFactory(new() { ["Ordering:Currency"] = "jpy" });

        var error = factory.StartupFailure();

        Assert.Contains("Ordering:Currency must be usd", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("got 'jpy'", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_host_refuses_to_start_when_the_credit_hold_timeout_is_shorter_than_the_longest_order()
    {
        using var factory = new MarketplaceFactory(new() { ["Ordering:CreditHoldTimeout"] = "30.00:00:00" });

        var error = factory.StartupFailure();

        Assert.Contains("Ordering:CreditHoldTimeout (30.00:00:00) must exceed the longest credit order", error.ToString(), StringComparison.Ordinal);
    }
}
