using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using SolidarityMarket.Testing;
using static Microsoft.Playwright.Assertions;

namespace SolidarityMarket.Web.Tests;

/// <summary>
/// Joining the network in the browser (<c>/register</c>, then signed in at once) and opening one's own credit account
/// (<c>/me/accounts/open</c>). What the services stored is checked through their APIs, not only on the page.
/// </summary>
public sealed partial class RegisterPagesTests(MarketWorld world)
{
    [Fact]
    public async Task A_visitor_joins_is_signed_in_and_opens_one_account_however_often_the_form_is_sent()
    {
        var email = NewEmail();
        var page = await world.NewPageAsync();
        await page.GotoAsync("/");
        await page.Locator("header.site").GetByRole(AriaRole.Link, new() { Name = "Join" }).ClickAsync();

        await JoinAsync(page, email, MarketplaceFactory.Password, MarketplaceFactory.Password);

        await Expect(page).ToHaveURLAsync(new Regex("/me/accounts/open\\?welcome=true$"));
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Welcome to the network");
        await Expect(page.Locator("header.site")).ToContainTextAsync($"Signed in as {email}");
        await page.GetByLabel("Exchange").SelectOptionAsync("housing");
        await page.GetByLabel("Name of the account (optional)").FillAsync("Home <b>credits</b>");
        var sent = await page.RunAndWaitForRequestAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Open the account" }).ClickAsync(), r => r.Method == "POST");

        await Expect(page).ToHaveURLAsync(AccountPage());
        var accountId = Guid.Parse(AccountPage().Match(page.Url).Groups[1].Value);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Home <b>credits</b>");
        await Expect(page.Locator("[data-field=available]")).ToHaveTextAsync("0.00 credits");

        // The same form again (a double click, a retry): the ledger keeps one account per member and exchange.
        var again = await page.APIRequest.PostAsync(sent.Url, new() { Data = sent.PostData, Headers = new Dictionary<string, string> { ["Content-Type"] = "application/x-www-form-urlencoded" }, MaxRedirects = 0 });
        Assert.Equal(302, again.Status);
        Assert.EndsWith($"/me/accounts/{accountId}", again.Headers["location"], StringComparison.Ordinal);

        using var member = await world.Factory.SignInAsync(email, MarketplaceFactory.Password);
        var accounts = (await member.GetFromJsonAsync<JsonElement>("/api/ledger/accounts")).EnumerateArray().ToList();
        var account = Assert.Single(accounts);
        Assert.Equal((accountId, "housing", "Home <b>credits</b>", 0L), (account.GetProperty("id").GetGuid(), account.GetProperty("exchangeId").GetString(),
            account.GetProperty("name").GetString(), account.GetProperty("debitLimit").GetInt64()));

        // The exchange is no longer offered; the others still are.
        await page.GotoAsync("/me/accounts/open");
        var offered = await page.GetByLabel("Exchange").Locator("option").EvaluateAllAsync<string[]>("options => options.map(o => o.value)");
        Assert.Equal(["care", "food", "manufacturing", "services"], offered);
    }

    [Fact]
    public async Task Two_different_passwords_are_refused_and_nobody_joins()
    {
        var email = NewEmail();
        var page = await world.NewPageAsync();
        await page.GotoAsync("/register");

        var answer = await page.RunAndWaitForResponseAsync(
            () => JoinAsync(page, email, MarketplaceFactory.Password, MarketplaceFactory.Password + "x"), r => r.Request.Method == "POST");

        Assert.Equal(400, answer.Status);
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("The two passwords are not the same");
        await Expect(page.GetByLabel("Password", new() { Exact = true })).ToHaveValueAsync("");
        Assert.Empty(await MemberPages.SessionCookieAsync(page));
        await AssertNoUserAsync(email);
    }

    [Fact]
    public async Task A_password_the_network_does_not_accept_is_refused_with_its_reasons_and_nobody_joins()
    {
        var email = NewEmail();
        var page = await world.NewPageAsync();
        await page.GotoAsync("/register");

        var answer = await page.RunAndWaitForResponseAsync(() => JoinAsync(page, email, "short", "short"), r => r.Request.Method == "POST");

        Assert.Equal(400, answer.Status);
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("at least 10 characters");
        Assert.Empty(await MemberPages.SessionCookieAsync(page));
        await AssertNoUserAsync(email);
    }

    [Fact]
    public async Task An_address_already_registered_is_refused_and_its_owner_keeps_their_password()
    {
        var existing = await world.NewMemberAsync();
        var page = await world.NewPageAsync();
        await page.GotoAsync("/register");

        var answer = await page.RunAndWaitForResponseAsync(
            () => JoinAsync(page, existing.Email, "Another-pass-2026!", "Another-pass-2026!"), r => r.Request.Method == "POST");

        Assert.Equal(400, answer.Status);
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("is already taken");
        Assert.Empty(await MemberPages.SessionCookieAsync(page));
        using var owner = await world.Factory.SignInAsync(existing.Email, MarketplaceFactory.Password);
        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync("/api/ledger/accounts")).StatusCode);
    }

    [Fact]
    public async Task A_member_without_accounts_is_offered_to_open_one()
    {
        var (email, _) = await world.Factory.CreateUserAsync();
        var page = await world.NewPageAsync();
        await MemberPages.GoAndSignInAsync(page, email);

        await page.GetByRole(AriaRole.Link, new() { Name = "open an account" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex("/me/accounts/open$"));
        await Expect(page.GetByLabel("Exchange").Locator("option")).ToHaveCountAsync(5);
    }

    private static string NewEmail() => $"joiner-{Guid.NewGuid():N}@test.coop";

    private static async Task JoinAsync(IPage page, string email, string password, string repeat)
    {
        await page.GetByLabel("E-mail address").FillAsync(email);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(password);
        await page.GetByLabel("The same password again").FillAsync(repeat);
        await page.GetByRole(AriaRole.Button, new() { Name = "Join" }).ClickAsync();
    }

    private async Task AssertNoUserAsync(string email)
    {
        using var admin = await world.AdminAsync();
        var answer = await admin.GetAsync($"/api/auth/users?email={Uri.EscapeDataString(email)}");
        Assert.Equal(HttpStatusCode.NotFound, answer.StatusCode);
        Assert.Contains($"User {email} was not found.", await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [GeneratedRegex("/me/accounts/([0-9a-f-]{36})$")]
    private static partial Regex AccountPage();
}
