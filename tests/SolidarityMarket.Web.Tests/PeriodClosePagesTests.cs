using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using SolidarityMarket.Testing;
using static Microsoft.Playwright.Assertions;

namespace SolidarityMarket.Web.Tests;

/// <summary>
/// The administrators' period-close pages (<c>/admin/period-closes</c>) in Chromium with JavaScript off: previewing a
/// month's close with a levy, approving and posting it, the ledger's refusals worded on the page, and members refused.
/// Checked through the Ledger API. The world trades in "food" this month, then moves its clock into the next, so that
/// this month can be closed.
/// </summary>
public sealed partial class PeriodClosePagesTests(PeriodCloseWorld world) : IClassFixture<PeriodCloseWorld>
{
    [Fact]
    public async Task An_administrator_previews_a_levy_approves_and_posts_it_and_the_seller_pays_it_to_the_operating_account()
    {
        var (_, seller, month) = await world.ClosableMonthAsync();
        var operating = await world.OperatingAccountAsync("food");
        var (sellerBefore, operatingBefore) = (await world.BalanceAsync(seller.AccountId), await world.BalanceAsync(operating));
        var page = await SignedInAsync(world.AdminEmail, "/admin");
        await page.GetByRole(AriaRole.Link, new() { Name = "Closing a month" }).ClickAsync();
        await Expect(page.GetByLabel("Month (yyyy-MM, UTC)")).ToHaveValueAsync(month);

        await page.GetByLabel("Exchange").SelectOptionAsync("food");
        await page.GetByLabel("Levy in basis points").FillAsync("250");
        await page.GetByRole(AriaRole.Button, new() { Name = "Preview a period close" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(CloseAddress());
        var id = Guid.Parse(CloseAddress().Match(page.Url).Groups[1].Value);
        var levy = PeriodCloseWorld.Sale * 250 / 10_000;
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync($"Close of {month} previewed");
        await Expect(page.Locator("[data-status]")).ToHaveTextAsync("Previewed");
        await Expect(page.Locator("[data-total]")).ToHaveTextAsync(Credits(levy));
        await Expect(page.Locator("dl.summary .who")).ToHaveTextAsync([world.AdminEmail]);
        await Expect(page.Locator("[data-policy=levy]")).ToHaveTextAsync("250 basis points (2.5%)");
        var item = page.Locator($"tr[data-kind=Levy][data-account='{seller.AccountId}']");
        await Expect(item).ToHaveCountAsync(1);
        await Expect(item.Locator("td.amount")).ToHaveTextAsync([Credits(levy), Credits(sellerBefore), "200.00 credits"]);
        await Expect(item.Locator("[data-outcome]")).ToHaveTextAsync("Pending");
        var close = await world.CloseAsync(id);
        Assert.Equal(("Previewed", month, 250), (close.GetProperty("status").GetString(), close.GetProperty("month").GetString(), close.GetProperty("policy").GetProperty("levyBasisPoints").GetInt32()));
        await Expect(page.Locator("tr[data-item]")).ToHaveCountAsync(close.GetProperty("items").GetArrayLength());
        Assert.Equal(sellerBefore, await world.BalanceAsync(seller.AccountId));

        await page.GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("The close is approved: it can be posted.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Post" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync($"The close is posted: {Credits(levy)} moved; each item's outcome is shown below.");
        await Expect(page.Locator("[data-status]")).ToHaveTextAsync("Posted");
        await Expect(item.Locator("[data-outcome]")).ToHaveTextAsync("Applied");
        await Expect(item.GetByRole(AriaRole.Link)).ToHaveAttributeAsync("href", $"/admin/accounts/{seller.AccountId}");
        await Expect(page.GetByRole(AriaRole.Button)).ToHaveTextAsync(["Sign out"]);
        close = await world.CloseAsync(id);
        Assert.Equal(("Posted", levy), (close.GetProperty("status").GetString(), close.GetProperty("appliedCredits").GetInt64()));
        Assert.All(close.GetProperty("items").EnumerateArray(), i => Assert.Equal("Applied", i.GetProperty("outcome").GetString()));
        Assert.Equal(sellerBefore - levy, await world.BalanceAsync(seller.AccountId));
        Assert.Equal(operatingBefore + levy, await world.BalanceAsync(operating));

        await page.GetByRole(AriaRole.Link, new() { Name = "Back to the period closes" }).ClickAsync();
        await Expect(page.Locator($"tr[data-close='{id}']")).ToContainTextAsync("Posted");
    }

    [Fact]
    public async Task A_bad_policy_for_a_month_not_ended_shows_the_ledgers_messages_with_the_form_as_sent_and_creates_no_close()
    {
        await world.ClosableMonthAsync();
        var closes = await world.CloseCountAsync();
        var page = await SignedInAsync(world.AdminEmail, "/admin/period-closes");
        var month = world.CurrentMonth;

        await page.GetByLabel("Exchange").SelectOptionAsync("food");
        await page.GetByLabel("Month (yyyy-MM, UTC)").FillAsync(month);
        await page.GetByLabel("Levy in basis points").FillAsync("20000");
        await page.GetByLabel("Minimum debit limit in credits").FillAsync("50.00");
        var answer = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Preview a period close" }).ClickAsync(), r => r.Request.Method == "POST");

        Assert.Equal(400, answer.Status);
        var alert = page.GetByRole(AriaRole.Alert);
        await Expect(alert).ToContainTextAsync("Only a month that has ended can be closed");
        await Expect(alert).ToContainTextAsync("levyBasisPoints must be between 0 and 10000.");
        await Expect(page.GetByLabel("Exchange")).ToHaveValueAsync("food");
        await Expect(page.GetByLabel("Month (yyyy-MM, UTC)")).ToHaveValueAsync(month);
        await Expect(page.GetByLabel("Levy in basis points")).ToHaveValueAsync("20000");
        await Expect(page.GetByLabel("Minimum debit limit in credits")).ToHaveValueAsync("50.00");
        Assert.Equal(closes, await world.CloseCountAsync());

        // What the page reads itself (not a number, credits with a comma) is refused there, the same way.
        await page.GetByLabel("Levy in basis points").FillAsync("two");
        await page.GetByLabel("Minimum debit limit in credits").FillAsync("50,00");
        answer = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Preview a period close" }).ClickAsync(), r => r.Request.Method == "POST");
        Assert.Equal(400, answer.Status);
        await Expect(alert).ToContainTextAsync("The levy must be a whole number");
        await Expect(alert).ToContainTextAsync("Write the minimum debit limit with a point for the cents");
        Assert.Equal(closes, await world.CloseCountAsync());
    }

    [Fact]
    public async Task A_second_close_of_a_month_already_closed_is_refused_in_words_and_creates_no_close()
    {
        var (_, _, month) = await world.ClosableMonthAsync();
        using (var admin = await world.AdminAsync())
        {
            // "housing" had no trade: an empty close of the month, posted through the API.
            var previewed = await admin.PostAsJsonAsync("/api/ledger/period-closes", new { exchangeId = "housing", month, levyBasisPoints = 100 });
            Assert.True(previewed.IsSuccessStatusCode, $"preview: {(int)previewed.StatusCode} {await previewed.Content.ReadAsStringAsync()}");
            var id = (await previewed.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetGuid();
            foreach (var step in (string[])["approve", "post"])
            {
                var done = await admin.PostAsync(new Uri($"/api/ledger/period-closes/{id}/{step}", UriKind.Relative), null);
                Assert.True(done.IsSuccessStatusCode, $"{step}: {(int)done.StatusCode} {await done.Content.ReadAsStringAsync()}");
            }
        }

        var closes = await world.CloseCountAsync();
        var page = await SignedInAsync(world.AdminEmail, "/admin/period-closes");
        await page.GetByLabel("Exchange").SelectOptionAsync("housing");
        await page.GetByLabel("Month (yyyy-MM, UTC)").FillAsync(month);
        var answer = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Preview a period close" }).ClickAsync(), r => r.Request.Method == "POST");

        Assert.Equal(409, answer.Status);
        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync(
            $"{month} of housing is already closed: a close of it was posted or is being posted (see the list below), and a month is closed only once.");
        await Expect(page.GetByLabel("Exchange")).ToHaveValueAsync("housing");
        Assert.Equal(closes, await world.CloseCountAsync());
    }

    [Fact]
    public async Task A_close_above_what_one_administrator_may_approve_offers_its_previewer_no_approve_and_a_second_administrator_approves_it()
    {
        var (_, _, month) = await world.ClosableMonthAsync();
        await world.NewMemberAsync("care");
        var page = await SignedInAsync(world.AdminEmail, "/admin/period-closes");
        await page.GetByLabel("Exchange").SelectOptionAsync("care");
        await page.GetByLabel("Month (yyyy-MM, UTC)").FillAsync(month);
        // Every member's debit limit raised to the minimum of 20,000.00 credits: far above one administrator's amount.
        await page.GetByLabel("Debit limit turnover basis points").FillAsync("1");
        await page.GetByLabel("Minimum debit limit in credits").FillAsync("20000");
        await page.GetByLabel("Maximum debit limit in credits").FillAsync("20000");
        await page.GetByRole(AriaRole.Button, new() { Name = "Preview a period close" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(CloseAddress());
        var id = Guid.Parse(CloseAddress().Match(page.Url).Groups[1].Value);

        await Expect(page.Locator("[data-second-approver]")).ToHaveTextAsync("Yes");
        await Expect(page.Locator("[data-needs-other-approver]")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Approve" })).ToHaveCountAsync(0);

        var (second, _) = await world.Factory.CreateUserAsync("Admin");
        var other = await SignedInAsync(second, $"/admin/period-closes/{id}");
        var approve = other.Locator("form[action*='handler=Approve']");
        var (action, token) = (await approve.GetAttributeAsync("action"), await approve.Locator("[name=__RequestVerificationToken]").InputValueAsync());
        await other.GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync();
        await Expect(other.Locator("[data-status]")).ToHaveTextAsync("Approved");
        Assert.Equal("Approved", (await world.CloseAsync(id)).GetProperty("status").GetString());
        await other.GetByRole(AriaRole.Button, new() { Name = "Abandon" }).ClickAsync();
        await Expect(other.Locator("[data-status]")).ToHaveTextAsync("Abandoned");

        // The approve form sent again from the page as it was: the ledger's 409 in the page's words, nothing changes.
        var form = other.Context.APIRequest.CreateFormData();
        form.Set("__RequestVerificationToken", token);
        var refused = await other.Context.APIRequest.PostAsync(action!, new() { Form = form, MaxRedirects = 0 });
        Assert.Equal(409, refused.Status);
        Assert.Contains("The close was abandoned: it can never be approved. Preview a new close of the month instead.", await refused.TextAsync(), StringComparison.Ordinal);
        Assert.Equal("Abandoned", (await world.CloseAsync(id)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_member_opening_the_period_close_pages_is_sent_to_denied()
    {
        await world.ClosableMonthAsync();
        var member = await world.NewMemberAsync();
        var page = await SignedInAsync(member.Email, "/me/accounts");

        foreach (var path in (string[])["/admin/period-closes", $"/admin/period-closes/{Guid.NewGuid()}"])
        {
            var answer = await page.GotoAsync(path);
            Assert.Equal(403, answer!.Status);
            await Expect(page).ToHaveURLAsync(new Regex("/denied"));
        }
    }

    private Task<IPage> SignedInAsync(string email, string path) => MemberPages.SignedInAtAsync(world, email, path);

    private static string Credits(long hundredths) => SolidarityMarket.Web.Catalog.Display.Credits(hundredths);

    [GeneratedRegex("/admin/period-closes/([0-9a-f-]{36})$")]
    private static partial Regex CloseAddress();
}
