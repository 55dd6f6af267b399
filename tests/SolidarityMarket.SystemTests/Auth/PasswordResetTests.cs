using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MimeKit;
using SolidarityMarket.Testing;

namespace SolidarityMarket.SystemTests.Auth;

/// <summary>
/// Password reset by e-mail through a real SMTP server in the test's process (<see cref="TestSmtpServer"/>):
/// <c>forgotPassword</c> mails a code to an address with an account and to no other, answering the same either way
/// (and when the SMTP server is down); <c>resetPassword</c> with the code changes the password. Members who joined
/// through <c>/api/auth/register</c> never confirmed their address, and may reset all the same.
/// </summary>
public sealed partial class PasswordResetTests
{
    private const string NewPassword = "New-pass-2026!x";
    private const string ResetPage = "https://market.test.coop/reset-password";

    [Fact]
    public async Task A_registered_member_gets_one_mail_with_a_code_and_a_link_and_resets_their_password_with_it()
    {
        await using var smtp = await TestSmtpServer.StartAsync();
        var logs = new CapturedLogs();
        await using var market = Market(smtp.Settings(ResetPage), logs);
        var client = market.CreateClient();
        var email = await RegisterAsync(client);

        var forgot = await client.PostAsJsonAsync("/api/auth/forgotPassword", new { email });

        Assert.Equal(HttpStatusCode.OK, forgot.StatusCode);
        var mail = await smtp.WaitForMailToAsync(email);
        Assert.Single(smtp.MailTo(email));
        Assert.Equal("market@test.coop", mail.From.Mailboxes.Single().Address);
        Assert.Contains("password reset code", mail.Subject, StringComparison.Ordinal);
        var code = CodeIn(mail);
        Assert.Contains($"<code>{code}</code>", mail.HtmlBody, StringComparison.Ordinal);
        var link = new Uri(LinkIn(mail.TextBody ?? ""));
        Assert.Equal(ResetPage, link.GetLeftPart(UriPartial.Path));
        var query = QueryHelpers.ParseQuery(link.Query);
        Assert.Equal((email, code), (query["email"].ToString(), query["code"].ToString()));

        var reset = await client.PostAsJsonAsync("/api/auth/resetPassword", new { email, resetCode = code, newPassword = NewPassword });

        Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await LoginAsync(client, email, NewPassword)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await LoginAsync(client, email, MarketplaceFactory.Password)).StatusCode);
        // The code worked once; using it proved the mailbox, so the address is now confirmed.
        var again = await client.PostAsJsonAsync("/api/auth/resetPassword", new { email, resetCode = code, newPassword = "Third-pass-2026!" });
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        await using var scope = market.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
        Assert.True((await users.FindByEmailAsync(email))!.EmailConfirmed);
        Assert.DoesNotContain(logs.Lines, line => line.Contains(code, StringComparison.Ordinal) || line.Contains(NewPassword, StringComparison.Ordinal));
        Assert.Contains(logs.Lines, line => line.StartsWith("Information", StringComparison.Ordinal) && line.Contains("Password-reset mail for user", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_address_without_an_account_gets_the_same_answer_and_no_mail()
    {
        await using var smtp = await TestSmtpServer.StartAsync();
        await using var market = Market(smtp.Settings());
        var client = market.CreateClient();
        var member = await RegisterAsync(client);
        var stranger = $"nobody-{Guid.NewGuid():N}@test.coop";

        var forStranger = await client.PostAsJsonAsync("/api/auth/forgotPassword", new { email = stranger });
        var forMember = await client.PostAsJsonAsync("/api/auth/forgotPassword", new { email = member });

        Assert.Equal(HttpStatusCode.OK, forStranger.StatusCode);
        Assert.Equal((forMember.StatusCode, await forMember.Content.ReadAsStringAsync()), (forStranger.StatusCode, await forStranger.Content.ReadAsStringAsync()));
        // Mail leaves in the order it was asked for: once the member's has arrived, a mail to the stranger would have too.
        await smtp.WaitForMailToAsync(member);
        Assert.Empty(smtp.MailTo(stranger));
        Assert.Single(smtp.Messages);
        var wrong = await client.PostAsJsonAsync("/api/auth/resetPassword", new { email = stranger, resetCode = "AAAA", newPassword = NewPassword });
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
    }

    [Fact]
    public async Task Missing_parts_answer_alike_for_every_address_and_a_look_alike_spelling_mails_only_the_stored_address()
    {
        await using var smtp = await TestSmtpServer.StartAsync();
        await using var market = Market(smtp.Settings());
        var client = market.CreateClient();
        var member = $"kate-{Guid.NewGuid():N}@test.coop";
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/api/auth/register", new { email = member, password = MarketplaceFactory.Password })).StatusCode);
        var stranger = $"kate-{Guid.NewGuid():N}@test.coop";

        // JSON null passes a required member: a known address once answered 500 here, an unknown one 400.
        foreach (var address in new[] { member, stranger })
        {
            foreach (var body in new object[] { new { email = address, resetCode = (string?)null, newPassword = NewPassword }, new { email = address, resetCode = "", newPassword = (string?)null } })
            {
                var refused = await client.PostAsJsonAsync("/api/auth/resetPassword", body);
                Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
                Assert.Contains("InvalidToken", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            }
        }

        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/api/auth/forgotPassword", new { email = (string?)null })).StatusCode);

        // The Kelvin sign (U+212A) finds the account as "k" does; the code goes to the address the account has.
        var lookAlike = "\u212A" + member[1..];
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/api/auth/forgotPassword", new { email = lookAlike })).StatusCode);
        var mail = await smtp.WaitForMailToAsync(member);
        Assert.Equal(member, mail.To.Mailboxes.Single().Address);
        Assert.Single(smtp.Messages);
    }

    [Fact]
    public async Task With_the_SMTP_server_down_forgotPassword_answers_as_usual_and_the_failure_is_logged_without_the_code()
    {
        var smtp = await TestSmtpServer.StartAsync();
        var logs = new CapturedLogs();
        await using var market = Market(smtp.Settings(), logs);
        var client = market.CreateClient();
        var email = await RegisterAsync(client);
        await smtp.DisposeAsync();

        var forgot = await client.PostAsJsonAsync("/api/auth/forgotPassword", new { email });

        Assert.Equal(HttpStatusCode.OK, forgot.StatusCode);
        Assert.Equal("", await forgot.Content.ReadAsStringAsync());
        string userId;
        await using (var scope = market.Services.CreateAsyncScope())
        {
            userId = (await scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>().FindByEmailAsync(email))!.Id;
        }

        await Eventually.TrueAsync(
            () => Task.FromResult(logs.Lines.Any(line => line.StartsWith("Error", StringComparison.Ordinal) && line.Contains($"Password-reset mail for user {userId} could not be sent through 127.0.0.1:{smtp.Port}", StringComparison.Ordinal))),
            TimeSpan.FromSeconds(30),
            "the failed send to be logged");
        Assert.DoesNotContain(logs.Lines, line => line.Contains(email, StringComparison.OrdinalIgnoreCase));
    }

    [Theory]
    [InlineData("Email:From", null, "Email:From must be set")]
    [InlineData("Email:From", "not an address", "Email:From must be one e-mail address")]
    [InlineData("Email:Smtp:Host", "smtp.example.coop", "Email:Smtp:Security None")]
    [InlineData("Email:ResetPageUrl", "/reset-password", "Email:ResetPageUrl must be an absolute http(s) URL")]
    [InlineData("Email:Smtp:Username", "market", "Email:Smtp:Username and Email:Smtp:Password must be set together")]
    public void Settings_that_could_not_mail_a_code_safely_stop_the_start_naming_the_setting(string setting, string? value, string expected)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Email:Smtp:Host"] = "127.0.0.1",
            ["Email:Smtp:Security"] = "None",
            ["Email:From"] = TestSmtpServer.From,
            [setting] = value,
        };
        using var market = new MarketplaceFactory(settings);

        var failure = market.StartupFailure();

        Assert.Contains(expected, failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Production", 1)]
    [InlineData("Development", 0)]
    public async Task Without_an_SMTP_host_nothing_is_mailed_and_a_production_start_warns_once(string environment, int warnings)
    {
        var logs = new CapturedLogs();
        // Simulated card payments refuse a Production start unless allowed (OrderingModule).
        await using var market = new MarketplaceFactory(new() { ["Payments:AllowSimulatedCards"] = "true" }, environment, s => s.AddSingleton<ILoggerProvider>(logs));
        var client = market.CreateClient();
        var email = await RegisterAsync(client);

        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/api/auth/forgotPassword", new { email })).StatusCode);

        Assert.Equal(warnings, logs.Lines.Count(line => line.StartsWith("Warning", StringComparison.Ordinal) && line.Contains("Email:Smtp:Host is not set: password-reset e-mails cannot be sent", StringComparison.Ordinal)));
    }

    private static MarketplaceFactory Market(Dictionary<string, string?> settings, CapturedLogs? logs = null)
    {
        // Debug for this code, so that a code written to a debug line would be seen too.
        settings["Logging:LogLevel:SolidarityMarket"] = "Debug";
        return new MarketplaceFactory(settings, services: logs is null ? null : s => s.AddSingleton<ILoggerProvider>(logs));
    }

    private static async Task<string> RegisterAsync(HttpClient client)
    {
        var email = $"member-{Guid.NewGuid():N}@test.coop";
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/api/auth/register", new { email, password = MarketplaceFactory.Password })).StatusCode);
        return email;
    }

    private static Task<HttpResponseMessage> LoginAsync(HttpClient client, string email, string password) =>
        client.PostAsJsonAsync("/api/auth/login", new { email, password });

    /// <summary>The code: the line after "Your reset code:" in the plain-text part.</summary>
    private static string CodeIn(MimeMessage mail)
    {
        var match = CodeLine().Match(mail.TextBody ?? "");
        Assert.True(match.Success, mail.TextBody);
        return match.Groups[1].Value;
    }

    private static string LinkIn(string text)
    {
        var match = Link().Match(text);
        Assert.True(match.Success, text);
        return match.Value;
    }

    [GeneratedRegex(@"Your reset code:\s+([A-Za-z0-9_-]+)\s")]
    private static partial Regex CodeLine();

    [GeneratedRegex(@"https?://\S+")]
    private static partial Regex Link();
}
