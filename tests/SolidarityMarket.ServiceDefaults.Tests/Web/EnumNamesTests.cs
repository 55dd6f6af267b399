using SolidarityMarket.ServiceDefaults.Web;

namespace SolidarityMarket.ServiceDefaults.Tests.Web;

public sealed class EnumNamesTests
{
    public enum Colour
    {
        Red,
        Green,
        Blue,
    }

    [Theory]
    [InlineData("Red", Colour.Red)]
    [InlineData("green", Colour.Green)]
    [InlineData("BLUE", Colour.Blue)]
    public void A_member_name_in_any_case_is_read(string text, Colour expected)
    {
        Assert.True(EnumNames.TryParse<Colour>(text, out var value));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("1")]
    [InlineData("Green,Blue")]
    [InlineData("Red, Green")]
    [InlineData(" Red")]
    [InlineData("Purple")]
    [InlineData("")]
    [InlineData(null)]
    public void Numbers_comma_lists_padding_and_unknown_names_are_refused(string? text)
    {
        // Enum.TryParse accepts the first four (as Green, Blue = 1 | 2 = 3 ... or a padded name).
        Assert.False(EnumNames.TryParse<Colour>(text, out _));
    }
}
