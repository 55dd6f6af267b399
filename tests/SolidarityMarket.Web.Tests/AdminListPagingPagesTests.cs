using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using SolidarityMarket.Web.Pages.Admin;
using static Microsoft.Playwright.Assertions;

namespace SolidarityMarket.Web.Tests;

/// <summary>
/// An administrator pages through the history lists of the administrators' pages in Chromium with JavaScript off, by
/// the pages' own "Older …"/"Newer …" links (the shared <c>_PageLinks</c> partial). Each page asks its API for a
/// constant number of rows a page (<see cref="ReconciliationsModel.Shown"/>, <see cref="PeriodClosesModel.RecentCloses"/>),
/// so the tests make that many rows and a few more through the APIs, and compare every page with the API's page of the
/// same number: same rows, same order. A page past the end, or a page number that is not one, is never an error.
/// </summary>
public sealed class AdminListPagingPagesTests(AdminListPagingWorld world) : IClassFixture<AdminListPagingWorld>
{
    private const int OnSecondPage = 3;

    private sealed record ApiReports(int Total, List<ApiReport> Items);

    private sealed record ApiReport(DateOnly Date);

    private sealed record ApiCloses(int Total, List<ApiClose> Items);

    private sealed record ApiClose(Guid Id, string ExchangeId);

    [Fact]
    public async Task The_administrator_pages_back_through_the_reconciliation_reports_as_the_api_pages_them()
    {
        const int perPage = ReconciliationsModel.Shown;
        await world.ReconcileDaysAsync(perPage + OnSecondPage);
        var apiFirst = await ReportDaysAsync(1, perPage);
        var apiSecond = await ReportDaysAsync(2, perPage);
        Assert.Equal((perPage, OnSecondPage), (apiFirst.Count, apiSecond.Count));

        var page = await world.SignedInPageAsync(world.AdminEmail, "/admin/reconciliations");
        var rows = page.Locator("tr[data-report]");
        var older = page.GetByRole(AriaRole.Link, new() { Name = "Older reports" });
        var newer = page.GetByRole(AriaRole.Link, new() { Name = "Newer reports" });

        await Expect(rows).ToHaveCountAsync(perPage);
        Assert.Equal(apiFirst, await rows.EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.report)"));
        await Expect(newer).ToHaveCountAsync(0);
        await Expect(page.Locator("[data-page-of]")).ToHaveTextAsync("Page 1 of 2.");

        await older.ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex(@"/admin/reconciliations\?page=2$"));
        await Expect(rows).ToHaveCountAsync(OnSecondPage);
        Assert.Equal(apiSecond, await rows.EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.report)"));
        await Expect(older).ToHaveCountAsync(0);
        await Expect(page.Locator("[data-showing]")).ToHaveTextAsync($"{perPage + 1}–{perPage + OnSecondPage} of {perPage + OnSecondPage} reports.");

        await newer.ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex(@"/admin/reconciliations\?page=1$"));
        Assert.Equal(apiFirst, await rows.EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.report)"));
    }

    [Fact]
    public async Task The_administrator_pages_back_through_one_exchanges_period_closes_and_the_links_keep_the_exchange()
    {
        const int perPage = PeriodClosesModel.RecentCloses;
        await world.PreviewClosesAsync("food", new DateOnly(2020, 1, 1), perPage + OnSecondPage);
        await world.PreviewClosesAsync("housing", new DateOnly(2020, 1, 1), 2);
        var foodFirst = await CloseIdsAsync("exchangeId=food&", 1, perPage);
        var foodSecond = await CloseIdsAsync("exchangeId=food&", 2, perPage);
        Assert.Equal((perPage, OnSecondPage), (foodFirst.Count, foodSecond.Count));

        var page = await world.SignedInPageAsync(world.AdminEmail, "/admin/period-closes");
        var rows = page.Locator("tr[data-close]");
        var older = page.GetByRole(AriaRole.Link, new() { Name = "Older closes" });
        var newer = page.GetByRole(AriaRole.Link, new() { Name = "Newer closes" });
        await page.GetByLabel("Show the closes of").SelectOptionAsync("food");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex(@"/admin/period-closes\?exchange=food$"));
        await Expect(rows).ToHaveCountAsync(perPage);
        Assert.Equal(foodFirst, await ShownAsync(rows));
        await Expect(newer).ToHaveCountAsync(0);
        await Expect(page.GetByLabel("Show the closes of")).ToHaveValueAsync("food");

        await older.ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex(@"/admin/period-closes\?exchange=food&page=2$"));
        await Expect(rows).ToHaveCountAsync(OnSecondPage);
        Assert.Equal(foodSecond, await ShownAsync(rows));
        await Expect(page.Locator("tr[data-close] td:nth-child(2)")).ToHaveTextAsync(Enumerable.Repeat("food", OnSecondPage).ToArray());
        await Expect(older).ToHaveCountAsync(0);

        await newer.ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex(@"/admin/period-closes\?exchange=food&page=1$"));
        Assert.Equal(foodFirst, await ShownAsync(rows));

        // Every exchange's: the two housing closes make the second page five rows, as the API pages them.
        var allSecond = await CloseIdsAsync("", 2, perPage);
        Assert.Equal(OnSecondPage + 2, allSecond.Count);
        await page.GotoAsync("/admin/period-closes?page=2");
        Assert.Equal(allSecond, await ShownAsync(rows));
        await Expect(older).ToHaveCountAsync(0);
        await Expect(newer).ToHaveAttributeAsync("href", "?page=1");
    }

    [Fact]
    public async Task An_exchange_the_ledger_does_not_have_is_said_so_not_listed_as_empty()
    {
        var page = await world.SignedInPageAsync(world.AdminEmail, "/admin");

        var answer = await page.GotoAsync("/admin/period-closes?exchange=atlantis&page=2");

        Assert.Equal(404, answer!.Status);
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("There is no exchange \"atlantis\"");
        await Expect(page.Locator("tr[data-close]")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Paging_the_waiting_applications_keeps_the_looked_up_vendor_and_a_look_up_keeps_the_page()
    {
        // No application waits in this world, so page 2 is past the end and links back to page 1: enough to see
        // what the links and the look-up's form carry.
        var staff = await world.NewVendorStaffAsync("Paged Potters");
        var page = await world.SignedInPageAsync(world.AdminEmail, "/admin/certifications?page=2");
        var found = page.Locator(".certified");
        await page.GetByLabel("Vendor number").FillAsync(staff.VendorId.ToString());

        await page.GetByRole(AriaRole.Button, new() { Name = "Look up" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex($@"/admin/certifications\?page=2&vendor={staff.VendorId}$"));
        await Expect(found).ToHaveTextAsync("Paged Potters: not certified.");
        await Expect(page.GetByText("No more applications on this page.")).ToHaveCountAsync(1);

        await page.GetByRole(AriaRole.Link, new() { Name = "Older applications" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex($@"/admin/certifications\?vendor={staff.VendorId}&page=1$"));
        await Expect(page.GetByText("No more applications on this page.")).ToHaveCountAsync(0);
        await Expect(found).ToHaveTextAsync("Paged Potters: not certified.");
        await Expect(page.GetByLabel("Vendor number")).ToHaveValueAsync(staff.VendorId.ToString());
    }

    [Theory]
    [InlineData("/admin/reconciliations", "reports", "Newer reports")]
    [InlineData("/admin/period-closes", "closes", "Newer closes")]
    [InlineData("/admin/clearing", "runs", "Newer runs")]
    [InlineData("/admin/settlement", "runs", "Newer runs")]
    [InlineData("/admin/certifications", "applications", "Older applications")]
    [InlineData("/admin/orders", "disputes", "Older disputes")]
    public async Task A_page_past_the_end_says_there_is_no_more_and_a_page_number_that_is_not_one_is_the_first_page(string path, string noun, string back)
    {
        var page = await world.SignedInPageAsync(world.AdminEmail, "/admin");

        var past = await page.GotoAsync($"{path}?page=99999999999");

        Assert.Equal(200, past!.Status);
        await Expect(page.GetByText($"No more {noun} on this page.")).ToHaveCountAsync(1);
        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveCountAsync(0);
        await page.GetByRole(AriaRole.Link, new() { Name = back }).ClickAsync();
        await Expect(page.GetByText($"No more {noun} on this page.")).ToHaveCountAsync(0);

        foreach (var typed in new[] { "abc", "-3", "0", "2.5" })
        {
            var answer = await page.GotoAsync($"{path}?page={Uri.EscapeDataString(typed)}");

            Assert.Equal(200, answer!.Status);
            await Expect(page.GetByRole(AriaRole.Alert)).ToHaveCountAsync(0);
            await Expect(page.GetByText($"No more {noun} on this page.")).ToHaveCountAsync(0);
            await Expect(page.GetByRole(AriaRole.Link, new() { Name = back })).ToHaveCountAsync(0);
        }
    }

    /// <summary>The close ids the rows show, top to bottom.</summary>
    private static async Task<List<Guid>> ShownAsync(ILocator rows) =>
        [.. (await rows.EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.close)")).Select(Guid.Parse)];

    private async Task<List<string>> ReportDaysAsync(int page, int pageSize) =>
        [.. (await world.ApiPageAsync<ApiReports>($"/api/ordering/reconciliations?page={page}&pageSize={pageSize}")).Items
            .Select(r => r.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))];

    private async Task<List<Guid>> CloseIdsAsync(string filter, int page, int pageSize) =>
        [.. (await world.ApiPageAsync<ApiCloses>($"/api/ledger/period-closes?{filter}page={page}&pageSize={pageSize}")).Items.Select(c => c.Id)];
}
