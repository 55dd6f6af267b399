using SolidarityMarket.ServiceDefaults.Web;

namespace SolidarityMarket.ServiceDefaults.Tests.Web;

public sealed class RequestErrorsTests
{
    [Theory]
    [InlineData("a\u0000b")]
    [InlineData("bell\u0007")]
    [InlineData("escape\u001b[31m")]
    public void Text_that_a_database_cannot_store_unchanged_is_a_field_error(string value)
    {
        var errors = new RequestErrors().Text(value, "title", 200);

        Assert.True(errors.Any);
        Assert.Contains("cannot be stored", Assert.Single(errors.ToDictionary()["title"]), StringComparison.Ordinal);
    }

    [Fact]
    public void Half_of_a_surrogate_pair_is_a_field_error()
    {
        // Built at run time: attribute arguments are stored as UTF-8, which would turn the halves into U+FFFD.
        foreach (var value in new[] { "half a pair " + (char)0xD83D, (char)0xDC00 + " low half first" })
        {
            Assert.True(new RequestErrors().Text(value, "title", 200).Any, $"U+{(int)value[^1]:X4}…");
        }

        Assert.False(new RequestErrors().Text("a whole pair " + (char)0xD83D + (char)0xDE00, "title", 200).Any);
    }

    [Theory]
    [InlineData("Rustic Wooden Chair")]
    [InlineData("two lines\r\nand a\ttab")]
    [InlineData("Coopérative du Pain — 🍞 fresh daily")]
    [InlineData("<script>alert(1)</script>")]
    public void Ordinary_text_with_line_breaks_tabs_accents_and_emoji_is_accepted(string value)
    {
        Assert.False(new RequestErrors().Text(value, "title", 200).Any);
    }
}
