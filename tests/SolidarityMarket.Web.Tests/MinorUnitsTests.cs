using SolidarityMarket.Web.Api;
using SolidarityMarket.Web.Vendors;

namespace SolidarityMarket.Web.Tests;

/// <summary>Amounts typed into the forms (payments, prices), read into minor units with integer arithmetic; no browser needed.</summary>
public sealed class MinorUnitsTests
{
    [Theory]
    [InlineData("12", 1200)]
    [InlineData("12.5", 1250)]
    [InlineData(" 007.05 ", 705)]
    [InlineData("0.01", 1)]
    [InlineData("1000000", 100_000_000)]
    [InlineData("1000000.00", 100_000_000)]
    public void A_price_within_the_catalogs_bound_reads_as_its_exact_minor_units(string text, long minor)
    {
        Assert.True(PriceText.TryParse(text, "The card price", "dollars", out var read, out var error), error);
        Assert.Equal(minor, read);
    }

    [Theory]
    [InlineData("1000000.01", "can be at most 1,000,000 dollars")]
    [InlineData("0", "must be more than zero")]
    [InlineData("0.00", "must be more than zero")]
    [InlineData(".5", "at most two decimals")]
    [InlineData("5.", "at most two decimals")]
    [InlineData("2.999", "at most two decimals")]
    [InlineData("12,50", "with a point for the cents")]
    [InlineData("99999999999999999999999", "can be at most")]
    public void A_price_outside_the_rules_is_refused_with_its_reason(string text, string message)
    {
        Assert.False(PriceText.TryParse(text, "The card price", "dollars", out var read, out var error));
        Assert.Null(read);
        Assert.Contains(message, error, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_price_means_not_sold_this_way()
    {
        Assert.True(PriceText.TryParse("  ", "The card price", "dollars", out var read, out var error));
        Assert.Null(read);
        Assert.Empty(error);
    }

    [Theory]
    [InlineData("", AmountProblem.Empty)]
    [InlineData("1,5", AmountProblem.Comma)]
    [InlineData("1.5.0", AmountProblem.Malformed)]
    [InlineData("100.01", AmountProblem.TooMuch)]
    [InlineData("100", AmountProblem.None)]
    public void The_bound_is_the_callers(string text, AmountProblem problem) =>
        Assert.Equal(problem, MinorUnits.Read(text, 10_000, out _));
}
