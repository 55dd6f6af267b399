using SolidarityMarket.Web.Members;

namespace SolidarityMarket.Web.Tests;

/// <summary>The payment form's amount, read into hundredths with integer arithmetic (no browser needed).</summary>
public sealed class CreditAmountTests
{
    [Theory]
    [InlineData("12", 1200)]
    [InlineData("12.5", 1250)]
    [InlineData(" 12.50 ", 1250)]
    [InlineData("0.01", 1)]
    [InlineData("007.05", 705)]
    [InlineData("10000000000", CreditAmount.MaxHundredths)]
    public void A_well_formed_amount_reads_as_its_exact_hundredths(string text, long hundredths)
    {
        Assert.True(CreditAmount.TryParse(text, out var amount, out var error), error);
        Assert.Equal(hundredths, amount);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("12,50")]
    [InlineData("1,250.00")]
    [InlineData("12.")]
    [InlineData(".5")]
    [InlineData("1.234")]
    [InlineData("-1")]
    [InlineData("+1")]
    [InlineData("1e3")]
    [InlineData("0")]
    [InlineData("0.00")]
    [InlineData("10000000000.01")]
    [InlineData("99999999999999999999999999")]
    [InlineData("١٢")]
    public void Anything_else_is_refused_with_a_message(string? text)
    {
        Assert.False(CreditAmount.TryParse(text, out var amount, out var error));
        Assert.Equal(0, amount);
        Assert.NotEmpty(error);
    }
}
