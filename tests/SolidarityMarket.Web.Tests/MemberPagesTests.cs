using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using SolidarityMarket.Testing;
using static Microsoft.Playwright.Assertions;

namespace SolidarityMarket.Web.Tests;

/// <summary>
/// A member's pages in Chromium with JavaScript off: signing in and out, their accounts and statement, paying
/// another member. What the ledger did is checked through the API as the administrator, not only on the page.
/// </summary>
public sealed partial class MemberPagesTests(MarketWorld world)
{
    private const int StatementPageSize = SolidarityMarket.Web.Pages.Me.AccountModel.PageSize;

    [Fact]
    public async Task A_members_page_asks_for_sign_in_and_comes_back_to_it_and_signing_out_ends_the_session()
    {
        var member = await world.NewMemberAsync();
        var page = await world.NewPageAsync();

        await page.GotoAsync($"/me/accounts/{member.AccountId}");
        await Expect(page).ToHaveURLAsync(SignInUrl());
        await MemberPages.SignInAsync(page, member.Email);

        await Expect(page).ToHaveURLAsync(new Regex($"/me/accounts/{member.AccountId}$"));
        await Expect(page.Locator("[data-field=balance]")).ToHaveTextAsync("0.00 credits");
        await Expect(page.Locator("[data-field=available]")).ToHaveTextAsync("200.00 credits");
        await Expect(page.Locator("header.site")).ToContainTextAsync($"Signed in as {member.Email}");
        Assert.NotEmpty(await MemberPages.SessionCookieAsync(page));

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(page.Locator("header.site")).ToContainTextAsync("Sign in");
        Assert.Empty(await MemberPages.SessionCookieAsync(page));
        await page.GotoAsync("/me/accounts");
        await Expect(page).ToHaveURLAsync(SignInUrl());
    }

    [Fact]
    public async Task A_wrong_password_is_refused_with_a_message_and_starts_no_session()
    {
        var member = await world.NewMemberAsync();
        var page = await world.NewPageAsync();
        await page.GotoAsync("/signin");

        var answer = await page.RunAndWaitForResponseAsync(
            () => MemberPages.SignInAsync(page, member.Email, "Not-the-password-1"), r => r.Request.Method == "POST");

        Assert.Equal(401, answer.Status);
        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("The e-mail address or the password is not right.");
        await Expect(page.GetByLabel("Password")).ToHaveValueAsync("");
        Assert.Empty(await MemberPages.SessionCookieAsync(page));
    }

    [Theory]
    [InlineData("https://evil.example/phish")]
    [InlineData("//evil.example/phish")]
    [InlineData("/\\evil.example/phish")]
    public async Task After_sign_in_a_link_to_another_site_leads_to_the_members_accounts_instead(string returnUrl)
    {
        var member = await world.NewMemberAsync();
        var page = await world.NewPageAsync();

        await page.GotoAsync("/signin?ReturnUrl=" + Uri.EscapeDataString(returnUrl));
        await MemberPages.SignInAsync(page, member.Email);

        await Expect(page).ToHaveURLAsync(new Regex("/me/accounts$"));
        await Expect(page.Locator($"tr[data-account='{member.AccountId}']")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Paying_a_member_moves_the_credits_once_even_when_the_same_form_is_sent_twice()
    {
        var payer = await world.NewMemberAsync();
        var payee = await world.NewMemberAsync();
        var page = await world.NewPageAsync();
        await MemberPages.GoAndSignInAsync(page, payer.Email);

        await page.Locator($"tr[data-account='{payer.AccountId}']").GetByRole(AriaRole.Link, new() { Name = "Pay from this account" }).ClickAsync();
        await page.GetByLabel("To account number").FillAsync(payee.AccountId.ToString());
        await page.GetByLabel("Amount in credits").FillAsync("12.5");
        await page.GetByLabel("What it is for").FillAsync("Two <b>loaves</b>");
        var form = page.Locator("form.stack");
        var sent = page.Context.APIRequest.CreateFormData();
        foreach (var field in (string[])["__RequestVerificationToken", "FormId", "From", "To", "Amount", "Memo"])
        {
            sent.Set(field, await form.Locator($"[name='{field}']").InputValueAsync());
        }

        await page.GetByRole(AriaRole.Button, new() { Name = "Pay" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex($"/me/accounts/{payer.AccountId}\\?paid="));
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Your payment was recorded");
        await Expect(page.Locator("[data-field=balance]")).ToHaveTextAsync("-12.50 credits");
        var line = page.Locator("table.statement tbody tr");
        await Expect(line).ToHaveCountAsync(1);
        await Expect(line).ToContainTextAsync("Two <b>loaves</b>");
        await Expect(line).ToContainTextAsync(payee.AccountId.ToString());

        // The same form again (a double click, or a retry after no answer): answered as the same payment, paid once.
        var again = await page.Context.APIRequest.PostAsync("/me/pay", new() { Form = sent, MaxRedirects = 0 });
        Assert.Equal(302, again.Status);
        Assert.Contains($"/me/accounts/{payer.AccountId}?paid=", again.Headers["location"], StringComparison.Ordinal);
        Assert.Equal(-1250, await world.BalanceAsync(payer.AccountId));
        Assert.Equal(1250, await world.BalanceAsync(payee.AccountId));
    }

    [Fact]
    public async Task A_payment_the_ledger_refuses_shows_its_reason_and_moves_nothing()
    {
        var (payer, payee, page) = await PayFormAsync();
        var firstId = await page.Locator("[name=FormId]").InputValueAsync();

        var refused = await MemberPages.PayAsync(page, "250.00");

        Assert.Equal(422, refused.Status);
        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync(
            "This payment would take your account below its limit: you can spend at most 200.00 credits from it now.");
        // The member will change something before trying again: a fresh id, so the refusal is not replayed.
        Assert.NotEqual(firstId, await page.Locator("[name=FormId]").InputValueAsync());
        await Expect(page.GetByLabel("To account number")).ToHaveValueAsync(payee!.AccountId.ToString());
        Assert.Equal(0, await world.BalanceAsync(payer.AccountId));
        Assert.Equal(0, await world.BalanceAsync(payee.AccountId));
    }

    [Fact]
    public async Task Paying_an_account_number_that_does_not_exist_says_so_and_moves_nothing()
    {
        var (payer, _, page) = await PayFormAsync(payeeExists: false);

        var refused = await MemberPages.PayAsync(page, "1");

        Assert.Equal(404, refused.Status);
        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("There is no account with that number. Check it with the member you are paying.");
        Assert.Equal(0, await world.BalanceAsync(payer.AccountId));
    }

    [Theory]
    [InlineData("12,50", "with a point for the cents")]
    [InlineData("0", "more than zero")]
    [InlineData("1.234", "at most two decimals")]
    [InlineData("-5", "at most two decimals")]
    [InlineData("99999999999999999999", "at most 10,000,000,000 credits")]
    public async Task A_malformed_amount_is_refused_with_a_message_and_moves_nothing(string amount, string message)
    {
        var (payer, payee, page) = await PayFormAsync();

        var refused = await MemberPages.PayAsync(page, amount);

        Assert.Equal(400, refused.Status);
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync(message);
        Assert.Equal(0, await world.BalanceAsync(payer.AccountId));
        Assert.Equal(0, await world.BalanceAsync(payee!.AccountId));
    }

    [Fact]
    public async Task A_long_statement_opens_on_its_latest_page_and_the_earlier_page_follows_its_link()
    {
        var payer = await world.NewMemberAsync();
        var payee = await world.NewMemberAsync();
        using (var admin = await world.AdminAsync())
        {
            var limits = await admin.PutAsJsonAsync($"/api/ledger/accounts/{payer.AccountId}/limits", new { debitLimit = 100_000, creditLimit = 100_000, reason = "test set-up" });
            Assert.True(limits.IsSuccessStatusCode, await limits.Content.ReadAsStringAsync());
        }

        using (var payerApi = await world.Factory.SignInAsync(payer.Email, MarketplaceFactory.Password))
        {
            for (var i = 1; i <= StatementPageSize + 2; i++)
            {
                var paid = await payerApi.PostAsJsonAsync("/api/ledger/transfers", new { id = Guid.NewGuid(), debitAccountId = payer.AccountId, creditAccountId = payee.AccountId, amount = i, code = "trade", memo = $"payment {i}" });
                Assert.True(paid.IsSuccessStatusCode, await paid.Content.ReadAsStringAsync());
            }
        }

        var page = await world.NewPageAsync();
        await MemberPages.GoAndSignInAsync(page, payer.Email);
        await page.GotoAsync($"/me/accounts/{payer.AccountId}");

        var statement = page.Locator("table.statement");
        await Expect(statement.Locator("caption")).ToContainTextAsync("Page 2 of 2.");
        await Expect(statement.Locator("tbody tr")).ToHaveCountAsync(2);
        await page.GetByRole(AriaRole.Link, new() { Name = "Earlier entries" }).ClickAsync();
        await Expect(statement.Locator("caption")).ToContainTextAsync("Page 1 of 2.");
        await Expect(statement.Locator("tbody tr")).ToHaveCountAsync(StatementPageSize);
        await Expect(statement.Locator("tbody tr").First).ToContainTextAsync("payment 1");
    }

    [Fact]
    public async Task Another_members_account_is_not_found_and_its_figures_are_not_shown()
    {
        var owner = await world.NewMemberAsync();
        var other = await world.NewMemberAsync();
        var page = await world.NewPageAsync();
        await MemberPages.GoAndSignInAsync(page, other.Email);

        var response = await page.GotoAsync($"/me/accounts/{owner.AccountId}");

        Assert.Equal(404, response!.Status);
        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("There is no account of yours at this address.");
        await Expect(page.Locator("[data-field=balance]")).ToHaveCountAsync(0);
        await Expect(page.Locator("table.statement")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Signing_out_without_the_forms_token_changes_nothing_and_the_session_stays()
    {
        var member = await world.NewMemberAsync();
        var page = await world.NewPageAsync();
        await MemberPages.GoAndSignInAsync(page, member.Email);
        var session = await MemberPages.SessionCookieAsync(page);

        // What a page of another site could make the browser send (Lax keeps the cookie off cross-site POSTs anyway).
        var forged = await page.Context.APIRequest.PostAsync("/signout", new() { MaxRedirects = 0 });

        // Refused without a change, and sent back to the page (a fresh form) rather than to an empty 400.
        Assert.Equal(302, forged.Status);
        Assert.EndsWith("/signout", forged.Headers["location"], StringComparison.Ordinal);
        // A page's action without the token: back to the page itself, not to the action's handler.
        var forgedAction = await page.Context.APIRequest.PostAsync("/me/requests?handler=Pay", new() { MaxRedirects = 0 });
        Assert.Equal(302, forgedAction.Status);
        Assert.EndsWith("/me/requests", forgedAction.Headers["location"], StringComparison.Ordinal);
        Assert.Equal(session, await MemberPages.SessionCookieAsync(page));
        await page.GotoAsync("/me/accounts");
        await Expect(page.Locator($"tr[data-account='{member.AccountId}']")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task An_administrator_is_offered_only_the_accounts_they_hold_not_every_members()
    {
        var member = await world.NewMemberAsync();
        var page = await world.NewPageAsync();
        await MemberPages.GoAndSignInAsync(page, world.AdminEmail);

        await Expect(page.Locator("main")).ToContainTextAsync("You hold no credit account yet.");
        await Expect(page.Locator($"tr[data-account='{member.AccountId}']")).ToHaveCountAsync(0);
        await page.GotoAsync("/me/pay");
        await Expect(page.Locator("main")).ToContainTextAsync("You hold no active account to pay from.");
        await Expect(page.Locator("select#From")).ToHaveCountAsync(0);
    }

    /// <summary>A new payer signed in on the payment form, from their account to a new payee's (or to an account number nobody has).</summary>
    private async Task<(MarketWorld.Member Payer, MarketWorld.Member? Payee, IPage Page)> PayFormAsync(bool payeeExists = true)
    {
        var payer = await world.NewMemberAsync();
        var payee = payeeExists ? await world.NewMemberAsync() : null;
        var page = await world.NewPageAsync();
        await MemberPages.GoAndSignInAsync(page, payer.Email);
        await page.GotoAsync($"/me/pay?from={payer.AccountId}");
        await page.GetByLabel("To account number").FillAsync((payee?.AccountId ?? Guid.NewGuid()).ToString());
        return (payer, payee, page);
    }

    private static Regex SignInUrl() => SignInPattern();

    [GeneratedRegex("/signin\\?ReturnUrl=")]
    private static partial Regex SignInPattern();
}
