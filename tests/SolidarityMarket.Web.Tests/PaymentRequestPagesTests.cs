using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace SolidarityMarket.Web.Tests;

/// <summary>
/// Payment requests (invoices) in Chromium with JavaScript off: a member asks another for credits, who pays or
/// declines from their requests page. Balances are checked through the API as the administrator.
/// </summary>
public sealed class PaymentRequestPagesTests(MarketWorld world)
{
    private static readonly string InAWeek = DateTime.UtcNow.AddDays(7).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    [Fact]
    public async Task A_member_asks_another_for_a_payment_who_pays_it_once_even_when_the_button_is_sent_twice()
    {
        var (payee, payer, payerPage) = await AskedAsync("20.00", "Three hours of bookkeeping");
        var row = payerPage.Locator("tr[data-request]");
        await Expect(row).ToHaveCountAsync(1);
        await Expect(row).ToContainTextAsync("Three hours of bookkeeping");
        await Expect(row.Locator(".amount")).ToHaveTextAsync("20.00 credits");
        var pay = row.Locator("form[action*='handler=Pay']");
        var sent = payerPage.Context.APIRequest.CreateFormData();
        foreach (var field in (string[])["__RequestVerificationToken", "id"])
        {
            sent.Set(field, await pay.Locator($"[name='{field}']").InputValueAsync());
        }

        await row.GetByRole(AriaRole.Button, new() { Name = "Pay now" }).ClickAsync();

        await Expect(payerPage.GetByRole(AriaRole.Status)).ToHaveTextAsync($"You paid 20.00 credits to account {payee.AccountId}.");
        await Expect(payerPage.Locator("tr[data-request]")).ToHaveCountAsync(0);
        var again = await payerPage.Context.APIRequest.PostAsync("/me/requests?handler=Pay", new() { Form = sent, MaxRedirects = 0 });
        Assert.Equal(409, again.Status);
        Assert.Contains("it may already have been paid", await again.TextAsync(), StringComparison.Ordinal);
        Assert.Equal(-2000, await world.BalanceAsync(payer.AccountId));
        Assert.Equal(2000, await world.BalanceAsync(payee.AccountId));
    }

    [Fact]
    public async Task Declining_a_request_takes_it_off_both_members_pages_and_moves_nothing()
    {
        var (payee, payer, payerPage) = await AskedAsync("5", "Jam");

        var row = payerPage.Locator("tr[data-request]");
        await row.GetByLabel("Reason").FillAsync("We never ordered jam.");
        await row.GetByRole(AriaRole.Button, new() { Name = "Decline" }).ClickAsync();

        await Expect(payerPage.GetByRole(AriaRole.Status)).ToHaveTextAsync("You declined the request.");
        await Expect(payerPage.Locator("tr[data-request]")).ToHaveCountAsync(0);
        var payeePage = await SignedInAsync(payee, "/me/requests");
        await Expect(payeePage.Locator("#sent ~ p").First).ToHaveTextAsync("You are not waiting for any payment.");
        Assert.Equal(0, await world.BalanceAsync(payer.AccountId));
        Assert.Equal(0, await world.BalanceAsync(payee.AccountId));
    }

    [Fact]
    public async Task A_request_beyond_the_payers_limit_shows_why_and_stays_to_pay()
    {
        var (payee, payer, payerPage) = await AskedAsync("250.00", "A bicycle");

        var refused = await payerPage.RunAndWaitForResponseAsync(
            () => payerPage.GetByRole(AriaRole.Button, new() { Name = "Pay now" }).ClickAsync(), r => r.Request.Method == "POST");

        Assert.Equal(422, refused.Status);
        await Expect(payerPage.GetByRole(AriaRole.Alert)).ToHaveTextAsync(
            "This payment would take your account below its limit: you can spend at most 200.00 credits from it now.");
        await Expect(payerPage.Locator("tr[data-request]")).ToHaveCountAsync(1);
        Assert.Equal(0, await world.BalanceAsync(payer.AccountId));
        Assert.Equal(0, await world.BalanceAsync(payee.AccountId));
    }

    [Fact]
    public async Task A_stranger_cannot_pay_or_decline_someone_elses_request()
    {
        var (payee, payer, payerPage) = await AskedAsync("7.50", "Eggs");
        var requestId = await payerPage.Locator("tr[data-request]").GetAttributeAsync("data-request");
        var stranger = await world.NewMemberAsync();
        var strangerPage = await SignedInAsync(stranger, "/me/requests");
        var token = await strangerPage.Locator("[name=__RequestVerificationToken]").First.InputValueAsync();

        foreach (var handler in (string[])["Pay", "Decline", "Cancel"])
        {
            var form = strangerPage.Context.APIRequest.CreateFormData();
            form.Set("__RequestVerificationToken", token);
            form.Set("id", requestId!);
            var answer = await strangerPage.Context.APIRequest.PostAsync($"/me/requests?handler={handler}", new() { Form = form, MaxRedirects = 0 });
            Assert.Equal(409, answer.Status);
            Assert.Contains("This request is not among your open requests", await answer.TextAsync(), StringComparison.Ordinal);
        }

        await payerPage.ReloadAsync();
        await Expect(payerPage.Locator($"tr[data-request='{requestId}']")).ToHaveCountAsync(1);
        Assert.Equal(0, await world.BalanceAsync(payer.AccountId));
        Assert.Equal(0, await world.BalanceAsync(payee.AccountId));
    }

    [Fact]
    public async Task The_member_who_asked_cannot_pay_or_decline_their_own_request_from_the_page()
    {
        var (payee, payer, _) = await AskedAsync("3.00", "Flowers");
        var payeePage = await SignedInAsync(payee, "/me/requests");
        var requestId = await payeePage.Locator("tr[data-request]").GetAttributeAsync("data-request");
        var token = await payeePage.Locator("[name=__RequestVerificationToken]").First.InputValueAsync();

        foreach (var handler in (string[])["Pay", "Decline"])
        {
            var form = payeePage.Context.APIRequest.CreateFormData();
            form.Set("__RequestVerificationToken", token);
            form.Set("id", requestId!);
            var answer = await payeePage.Context.APIRequest.PostAsync($"/me/requests?handler={handler}", new() { Form = form, MaxRedirects = 0 });
            Assert.Equal(409, answer.Status);
        }

        Assert.Equal(0, await world.BalanceAsync(payer.AccountId));
        await payeePage.ReloadAsync();
        await Expect(payeePage.Locator($"tr[data-request='{requestId}']")).ToHaveCountAsync(1);
    }

    [Fact]
    public async Task The_request_form_refuses_a_malformed_amount_and_asks_nothing()
    {
        var payee = await world.NewMemberAsync();
        var payer = await world.NewMemberAsync();
        var page = await SignedInAsync(payee, "/me/requests/new");

        var refused = await page.RunAndWaitForResponseAsync(() => FillRequestAsync(page, payer, "10,00", "Eggs", InAWeek), r => r.Request.Method == "POST");

        Assert.Equal(400, refused.Status);
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("with a point for the cents");
        await page.GotoAsync("/me/requests");
        await Expect(page.Locator("tr[data-request]")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task The_request_form_refuses_a_malformed_due_date_sent_without_the_browsers_date_field()
    {
        var payee = await world.NewMemberAsync();
        var payer = await world.NewMemberAsync();
        var page = await SignedInAsync(payee, "/me/requests/new");
        var form = page.Context.APIRequest.CreateFormData();
        foreach (var field in (string[])["__RequestVerificationToken", "FormId", "Payee"])
        {
            form.Set(field, await page.Locator($"form.stack [name='{field}']").InputValueAsync());
        }

        form.Set("Payer", payer.AccountId.ToString());
        form.Set("Amount", "10");
        form.Set("DueDate", "31/01/2027");
        var refused = await page.Context.APIRequest.PostAsync("/me/requests/new", new() { Form = form, MaxRedirects = 0 });

        Assert.Equal(400, refused.Status);
        Assert.Contains("Enter the date the payment is due", await refused.TextAsync(), StringComparison.Ordinal);
        await page.GotoAsync("/me/requests");
        await Expect(page.Locator("tr[data-request]")).ToHaveCountAsync(0);
    }

    /// <summary>
    /// A payee asks a payer (both new) for <paramref name="amount"/> through the form; then the payer, signed in on
    /// their own browser context, is on their requests page.
    /// </summary>
    private async Task<(MarketWorld.Member Payee, MarketWorld.Member Payer, IPage PayerPage)> AskedAsync(string amount, string memo)
    {
        var payee = await world.NewMemberAsync();
        var payer = await world.NewMemberAsync();
        var page = await SignedInAsync(payee, "/me/requests/new");
        await FillRequestAsync(page, payer, amount, memo, InAWeek);
        await Expect(page).ToHaveURLAsync(new Regex("/me/requests$"));
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync($"You asked account {payer.AccountId} for");
        await Expect(page.Locator("tr[data-request]")).ToContainTextAsync(memo);
        return (payee, payer, await SignedInAsync(payer, "/me/requests"));
    }

    private static async Task FillRequestAsync(IPage page, MarketWorld.Member payer, string amount, string memo, string due)
    {
        await page.GetByLabel("Ask account number").FillAsync(payer.AccountId.ToString());
        await page.GetByLabel("Amount in credits").FillAsync(amount);
        await page.GetByLabel("What it is for").FillAsync(memo);
        await page.GetByLabel("Due on").FillAsync(due);
        await page.GetByRole(AriaRole.Button, new() { Name = "Send the request" }).ClickAsync();
    }

    private async Task<IPage> SignedInAsync(MarketWorld.Member member, string path)
    {
        var page = await world.NewPageAsync();
        await page.GotoAsync(path);
        await MemberPages.SignInAsync(page, member.Email);
        await Expect(page).ToHaveURLAsync(new Regex(Regex.Escape(path) + "$"));
        return page;
    }
}
