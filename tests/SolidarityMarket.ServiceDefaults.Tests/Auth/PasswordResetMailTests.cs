using SolidarityMarket.ServiceDefaults.Auth.Email;

namespace SolidarityMarket.ServiceDefaults.Tests.Auth;

/// <summary>The reset mail's link and HTML part carry the address and code encoded, whatever they hold; the settings' checks.</summary>
public sealed class PasswordResetMailTests
{
    private static EmailOptions Options(string? resetPageUrl = null, string host = "127.0.0.1", SmtpSecurity security = SmtpSecurity.None) => new()
    {
        From = "Market <market@test.coop>",
        ResetPageUrl = resetPageUrl,
        Smtp = { Host = host, Security = security },
    };

    [Fact]
    public void The_link_carries_the_address_and_code_url_encoded_after_the_pages_own_query()
    {
        var link = PasswordResetMail.ResetLink("https://market.test.coop/reset-password?lang=en", "o'neil+a&b@test.coop", "ab-_CD");

        Assert.Equal("https://market.test.coop/reset-password?lang=en&email=o%27neil%2Ba%26b%40test.coop&code=ab-_CD", link);
        Assert.Null(PasswordResetMail.ResetLink(null, "a@test.coop", "x"));
    }

    [Fact]
    public void The_HTML_part_encodes_everything_it_shows()
    {
        var mail = PasswordResetMail.Build(Options("https://market.test.coop/reset-password"), "\"<b>x</b>\"@test.coop", "c<o>de");

        Assert.DoesNotContain("<b>", mail.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("&lt;b&gt;x&lt;/b&gt;", mail.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("<code>c&lt;o&gt;de</code>", mail.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("c<o>de", mail.TextBody, StringComparison.Ordinal);
        Assert.Equal("market@test.coop", mail.From.Mailboxes.Single().Address);
    }

    [Theory]
    [InlineData("localhost", true)]
    [InlineData("mail.localhost", false)]
    [InlineData("127.0.0.53", true)]
    [InlineData("127.0.0.1", true)]
    [InlineData("::1", true)]
    [InlineData("[::1]", true)]
    [InlineData("smtp.example.coop", false)]
    [InlineData("10.0.0.5", false)]
    [InlineData("localhost.example.coop", false)]
    public void Security_None_is_allowed_only_to_this_machine(string host, bool allowed)
    {
        var result = new EmailOptionsValidator().Validate(null, Options(host: host));

        Assert.Equal(allowed, result.Succeeded);
        if (!allowed)
        {
            Assert.Contains("Email:Smtp:Security None", result.FailureMessage, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Without_a_host_only_the_reset_page_is_checked()
    {
        Assert.True(new EmailOptionsValidator().Validate(null, new EmailOptions()).Succeeded);
        var bad = new EmailOptionsValidator().Validate(null, new EmailOptions { ResetPageUrl = "ftp://market.test.coop/reset" });
        Assert.Contains("Email:ResetPageUrl", bad.FailureMessage, StringComparison.Ordinal);
    }
}
