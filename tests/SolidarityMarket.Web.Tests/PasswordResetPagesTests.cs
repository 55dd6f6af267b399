using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using SolidarityMarket.Testing;
using static Microsoft.Playwright.Assertions;

namespace SolidarityMarket.Web.Tests;

/// <summary>
/// A marketplace that mails password-reset codes to a real SMTP server in the test's process, with
/// <c>Email:ResetPageUrl</c> naming this host's own <c>/reset-password</c> (so the port is chosen before the host
/// starts). One e-mail may be named 5 times per window (codes and sign-ins together), so the limit's answer can be seen.
/// </summary>
public sealed class MailWorld : MarketWorld
{
    public const int CodesPerEmail = 5;

    public MailWorld()
        : this(HostExecutable.FreePort(), TestSmtpServer.StartAsync().GetAwaiter().GetResult())
    {
    }

    private MailWorld(int port, TestSmtpServer smtp)
        : base(Settings(port, smtp), port: port) => Smtp = smtp;

    public TestSmtpServer Smtp { get; }

    protected override bool SeedsListings => false;

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Smtp.DisposeAsync();
    }

    private static Dictionary<string, string?> Settings(int port, TestSmtpServer smtp)
    {
        var settings = smtp.Settings($"http://127.0.0.1:{port}/reset-password");
        settings["Auth:RateLimit:PerAddressPermitLimit"] = "1000000";
        settings["Auth:RateLimit:PerEmailPermitLimit"] = CodesPerEmail.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return settings;
    }
}

/// <summary>
/// "Forgot your password?" in the browser: <c>/forgot-password</c> asks the API to mail a code (and says the same
/// whether or not the address has an account), the mail's link opens <c>/reset-password</c> filled in, and the new
/// password signs in. What changed is checked through the API (which passwords sign in) and the SMTP server.
/// </summary>
public sealed partial class PasswordResetPagesTests(MailWorld world) : IClassFixture<MailWorld>
{
    private const string NewPassword = "Fresh-pass-2026!";

    [Fact]
    public async Task A_member_who_forgot_their_password_follows_the_mailed_link_sets_a_new_one_and_signs_in_with_it()
    {
        var email = await JoinAsync();
        var page = await world.NewPageAsync();
        await page.GotoAsync("/signin");
        await page.GetByRole(AriaRole.Link, new() { Name = "Forgot your password?" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/forgot-password$"));

        var asked = await AskForCodeAsync(page, email);

        Assert.Equal(200, asked.Status);
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("If an account exists for that address, we sent a code");
        var mail = await world.Smtp.WaitForMailToAsync(email);
        Assert.Single(world.Smtp.MailTo(email));
        var link = Link().Match(mail.TextBody ?? "").Value;
        Assert.StartsWith($"{world.Address}reset-password?email=", link, StringComparison.Ordinal);

        await page.GotoAsync(link);
        await Expect(page.GetByLabel("E-mail address")).ToHaveValueAsync(email);
        await Expect(page.GetByLabel("Code from the mail")).ToHaveValueAsync(new Regex("^[A-Za-z0-9_-]{20,}$"));
        await page.GetByLabel("New password").FillAsync(NewPassword);
        await page.GetByLabel("The same password again").FillAsync(NewPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Set the new password" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex("/signin\\?reset=true$"));
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Your password was changed");
        await MemberPages.SignInAsync(page, email, NewPassword);
        await Expect(page.Locator("header.site")).ToContainTextAsync($"Signed in as {email}");
        Assert.Equal(HttpStatusCode.OK, (await LoginAsync(email, NewPassword)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await LoginAsync(email, MarketplaceFactory.Password)).StatusCode);
    }

    [Fact]
    public async Task An_address_without_an_account_is_told_the_same_and_nothing_is_mailed()
    {
        var stranger = $"stranger-{Guid.NewGuid():N}@test.coop";
        var member = await JoinAsync();
        var page = await world.NewPageAsync();
        await page.GotoAsync("/forgot-password");

        var forStranger = await AskForCodeAsync(page, stranger);
        var strangerSees = await page.GetByRole(AriaRole.Status).InnerTextAsync();
        var forMember = await AskForCodeAsync(page, member);

        Assert.Equal((200, 200), (forStranger.Status, forMember.Status));
        Assert.Equal(await page.GetByRole(AriaRole.Status).InnerTextAsync(), strangerSees);
        // Mail leaves in the order it was asked for: once the member's has arrived, a mail to the stranger would have too.
        await world.Smtp.WaitForMailToAsync(member);
        Assert.Empty(world.Smtp.MailTo(stranger));
    }

    [Fact]
    public async Task A_wrong_code_is_refused_with_Identitys_words_and_the_password_stays()
    {
        var email = await JoinAsync();
        var page = await world.NewPageAsync();
        await page.GotoAsync($"/reset-password?email={Uri.EscapeDataString(email)}&code=not-the-code");

        await page.GetByLabel("New password").FillAsync(NewPassword);
        await page.GetByLabel("The same password again").FillAsync(NewPassword);
        var answer = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Set the new password" }).ClickAsync(), r => r.Request.Method == "POST");

        Assert.Equal(400, answer.Status);
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Invalid token");
        await Expect(page.GetByLabel("New password")).ToHaveValueAsync("");
        await Expect(page.GetByLabel("Code from the mail")).ToHaveValueAsync("not-the-code");
        Assert.Equal(HttpStatusCode.OK, (await LoginAsync(email, MarketplaceFactory.Password)).StatusCode);
    }

    [Fact]
    public async Task Past_the_limit_for_one_address_the_page_shows_the_APIs_message()
    {
        var email = await JoinAsync();
        var page = await world.NewPageAsync();
        await page.GotoAsync("/forgot-password");
        for (var i = 0; i < MailWorld.CodesPerEmail; i++)
        {
            Assert.Equal(200, (await AskForCodeAsync(page, email)).Status);
        }

        var refused = await AskForCodeAsync(page, email);

        Assert.Equal(429, refused.Status);
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Too many requests for this e-mail.");
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveCountAsync(0);
    }

    /// <summary>A member as <c>/register</c> makes one (address not confirmed), through the API.</summary>
    private async Task<string> JoinAsync()
    {
        var email = $"forgetful-{Guid.NewGuid():N}@test.coop";
        using var client = world.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/api/auth/register", new { email, password = MarketplaceFactory.Password })).StatusCode);
        return email;
    }

    private async Task<HttpResponseMessage> LoginAsync(string email, string password)
    {
        using var client = world.CreateClient();
        return await client.PostAsJsonAsync("/api/auth/login", new { email, password });
    }

    private static async Task<IResponse> AskForCodeAsync(IPage page, string email)
    {
        await page.GetByLabel("E-mail address").FillAsync(email);
        return await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Send me a code" }).ClickAsync(), r => r.Request.Method == "POST");
    }

    [GeneratedRegex(@"https?://\S+")]
    private static partial Regex Link();
}
