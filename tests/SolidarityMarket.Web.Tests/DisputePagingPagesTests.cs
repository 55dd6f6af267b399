using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using SolidarityMarket.Web.Orders;
using static Microsoft.Playwright.Assertions;

namespace SolidarityMarket.Web.Tests;

/// <summary>
/// An administrator pages through the open disputes of <c>/admin/orders</c> in Chromium with JavaScript off, by the
/// page's own links. The page asks the Ordering API for <see cref="OrderAdminClient.DisputesPerPage"/> a page (a
/// constant, not a setting), so the test disputes that many orders and a few more, all from one co-op and one buyer.
/// The pages must show each of them exactly once, oldest first, as the Ordering API lists them. The list has no filter
/// to keep across pages: only the page number.
/// </summary>
public sealed class DisputePagingPagesTests(DisputePagingWorld world) : IClassFixture<DisputePagingWorld>
{
    private const int PerPage = OrderAdminClient.DisputesPerPage;
    private const int OnSecondPage = 3;

    private sealed record ApiDisputes(int Total, List<ApiDispute> Items);

    private sealed record ApiDispute(Guid OrderId);

    [Fact]
    public async Task The_administrator_follows_the_pages_of_open_disputes_and_sees_each_once_oldest_first_and_back()
    {
        var created = await DisputedOrdersAsync(PerPage + OnSecondPage);

        // The Ordering API, in one page of its own: every dispute made, each once, oldest first — the order the pages must keep.
        using var admin = await world.AdminAsync();
        var listed = (await admin.GetFromJsonAsync<ApiDisputes>(new Uri("/api/ordering/disputes?page=1&pageSize=100", UriKind.Relative)))!;
        var oldestFirst = listed.Items.Select(d => d.OrderId.ToString()).ToList();
        Assert.Equal(created.Count, listed.Total);
        Assert.Equal(created.Order(), oldestFirst.Select(Guid.Parse).Order());

        var page = await world.SignedInPageAsync(world.AdminEmail, "/admin/orders");
        var rows = page.Locator("table.disputes tbody tr");
        var older = page.GetByRole(AriaRole.Link, new() { Name = "Older disputes" });
        var newer = page.GetByRole(AriaRole.Link, new() { Name = "Newer disputes" });

        await Expect(rows).ToHaveCountAsync(PerPage);
        await Expect(page.Locator("table.disputes caption")).ToContainTextAsync($"{created.Count} open dispute(s)");
        var first = await ShownAsync(rows);
        Assert.Equal(oldestFirst.Take(PerPage), first);
        await Expect(older).ToHaveCountAsync(0);

        await newer.ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex(@"/admin/orders\?page=2$"));
        await Expect(rows).ToHaveCountAsync(OnSecondPage);
        var second = await ShownAsync(rows);
        Assert.Equal(oldestFirst.Skip(PerPage), second);
        Assert.Empty(first.Intersect(second));
        Assert.Equal(created.Order(), first.Concat(second).Select(Guid.Parse).Order());
        await Expect(newer).ToHaveCountAsync(0);

        await older.ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex(@"/admin/orders\?page=1$"));
        await Expect(rows).ToHaveCountAsync(PerPage);
        Assert.Equal(first, await ShownAsync(rows));
        await Expect(older).ToHaveCountAsync(0);
        await Expect(newer).ToHaveCountAsync(1);
    }

    /// <summary>The order ids the rows show, top to bottom, as the administrator reads them.</summary>
    private static async Task<List<string>> ShownAsync(ILocator rows) =>
        [.. await rows.Locator("th[scope='row'] code").AllInnerTextsAsync()];

    /// <summary>
    /// <paramref name="count"/> credits orders of one co-op's good (1.00 credit each, well inside the buyer's 200.00
    /// credits below zero), bought, fulfilled and disputed one after another, so each is disputed after the one before.
    /// </summary>
    private async Task<List<Guid>> DisputedOrdersAsync(int count)
    {
        var staff = await world.NewVendorStaffAsync("Paging Pretzels");
        var listing = await staff.ListGoodAsync("Paging Pretzels bag", cents: null, credits: 100, stock: count);
        await world.WaitUntilOrderingSellsAsync(listing);
        var buyer = await world.NewMemberAsync();
        var orders = new List<Guid>();
        for (var i = 1; i <= count; i++)
        {
            orders.Add((await world.DisputedCreditsOrderAsync(staff, listing, buyer, $"Bag {i} was stale")).OrderId);
        }

        return orders;
    }
}
