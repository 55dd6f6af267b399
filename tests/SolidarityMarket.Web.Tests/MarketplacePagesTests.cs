using System.Net;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace SolidarityMarket.Web.Tests;

/// <summary>
/// The marketplace pages in Chromium, as a buyer uses them: with JavaScript off (the UI must not need it) except where
/// the point is that markup in user text does not run.
/// </summary>
public sealed class MarketplacePagesTests(MarketWorld world)
{
    private ILocator Results(IPage page) => page.Locator("ol.results > li");

    [Fact]
    public async Task Searching_a_word_shows_the_listing_with_its_prices_and_label()
    {
        var page = await world.NewPageAsync();
        await page.GotoAsync("/");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Find goods and services from co-operatives");

        await page.GetByLabel("Search listings").FillAsync("rye");
        await page.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();

        await Expect(page.Locator("#total")).ToHaveTextAsync("1 listing");
        var card = Results(page).First;
        await Expect(card.GetByRole(AriaRole.Heading)).ToHaveTextAsync("Rye sourdough loaf");
        await Expect(card.Locator(".price")).ToContainTextAsync("$6.50");
        await Expect(card.Locator(".price")).ToContainTextAsync("6.00 credits");
        await Expect(card.Locator(".label")).ToHaveTextAsync("Solidarity Made");
        await Expect(card).ToContainTextAsync("Riverside Bakers' Co-op, North");
        Assert.Contains("q=rye", page.Url, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_facet_link_narrows_the_results_to_the_count_it_showed()
    {
        var page = await world.NewPageAsync();
        await page.GotoAsync("/?q=sourdough");
        await Expect(page.Locator("#total")).ToHaveTextAsync("4 listings");

        var certified = page.Locator("a[data-facet=certified][data-value=true]");
        await Expect(certified.Locator(".count")).ToHaveTextAsync("(3)");
        await certified.ClickAsync();

        await Expect(page.Locator("#total")).ToHaveTextAsync("3 listings");
        await Expect(Results(page)).ToHaveCountAsync(3);
        await Expect(Results(page).Locator(".label")).ToHaveCountAsync(3);
        await Expect(page.Locator("a[data-facet=certified][data-value=true]")).ToHaveAttributeAsync("aria-current", "true");

        // A second facet narrows further: the credits-only price band among the certified is empty, so it is not a link;
        // clicking the chosen label again removes it.
        await Expect(page.Locator("a[data-facet=priceBand][data-value=no-card-price]")).ToHaveCountAsync(0);
        await page.Locator("a[data-facet=certified][data-value=true]").ClickAsync();
        await Expect(page.Locator("#total")).ToHaveTextAsync("4 listings");

        var manufacturing = page.Locator("a[data-facet=sector][data-value=manufacturing]");
        await Expect(manufacturing.Locator(".count")).ToHaveTextAsync("(1)");
        await manufacturing.ClickAsync();
        await Expect(Results(page)).ToHaveCountAsync(1);
        await Expect(Results(page).GetByRole(AriaRole.Heading)).ToHaveTextAsync("Sourdough proofing basket");
        await Expect(Results(page).Locator(".price")).ToContainTextAsync("12.00 credits");
        await Expect(Results(page).Locator(".price")).Not.ToContainTextAsync("$");
        await Expect(Results(page).Locator(".label")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task The_pages_together_show_every_result_once()
    {
        var page = await world.NewPageAsync();
        await page.GotoAsync("/?q=sourdough&sort=price");
        await Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Pages" })).ToContainTextAsync("Page 1 of 2");
        await Expect(Results(page)).ToHaveCountAsync(MarketWorld.PageSize);
        var titles = (await Results(page).GetByRole(AriaRole.Heading).AllTextContentsAsync()).ToList();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Previous page" })).ToHaveCountAsync(0);

        await page.GetByRole(AriaRole.Link, new() { Name = "Next page" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Pages" })).ToContainTextAsync("Page 2 of 2");
        await Expect(Results(page)).ToHaveCountAsync(1);
        titles.AddRange(await Results(page).GetByRole(AriaRole.Heading).AllTextContentsAsync());
        Assert.Equal(MarketWorld.SourdoughTitles.Order(StringComparer.Ordinal), titles.Select(t => t.Trim()).Order(StringComparer.Ordinal));
        // The sort and the words are kept across pages.
        Assert.Contains("sort=price", page.Url, StringComparison.Ordinal);
        await Expect(page.GetByLabel("Sort by")).ToHaveValueAsync("price");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Previous page" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task A_listing_opens_on_its_own_page()
    {
        var page = await world.NewPageAsync();
        await page.GotoAsync("/?q=spelt");
        await page.GetByRole(AriaRole.Link, new() { Name = "Spelt sourdough loaf" }).ClickAsync();

        Assert.EndsWith($"/listings/{world.Listings["Spelt sourdough loaf"]}", page.Url, StringComparison.Ordinal);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Spelt sourdough loaf");
        await Expect(page.Locator("dd.price")).ToContainTextAsync("$7.20");
        await Expect(page.Locator("dd.price")).Not.ToContainTextAsync("credits");
        await Expect(page.GetByText("Card payment only")).ToBeVisibleAsync();
        await Expect(page.GetByText("5 in stock")).ToBeVisibleAsync();
        await Expect(page.Locator("article")).ToContainTextAsync("Offered by Riverside Bakers' Co-op, North");
        await Expect(page.Locator("article .label")).ToHaveTextAsync("Solidarity Made");
        await Expect(page).ToHaveTitleAsync("Spelt sourdough loaf · Solidarity Market");
    }

    [Fact]
    public async Task Markup_in_a_title_and_description_is_shown_as_text_and_never_runs()
    {
        var page = await world.NewPageAsync(javaScript: true);
        var dialogs = new List<string>();
        page.Dialog += (_, dialog) =>
        {
            lock (dialogs)
            {
                dialogs.Add(dialog.Message);
            }

            _ = dialog.DismissAsync();
        };

        var search = await page.GotoAsync("/?q=ceramic");
        await Expect(Results(page)).ToHaveCountAsync(1);
        await AssertNothingRanAsync(page, dialogs);
        await Expect(Results(page).GetByRole(AriaRole.Heading)).ToHaveTextAsync(MarketWorld.ScriptTitle);
        Assert.Contains("&lt;script&gt;", await search!.TextAsync(), StringComparison.Ordinal);

        await Results(page).GetByRole(AriaRole.Link).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(MarketWorld.ScriptTitle);
        await Expect(page.Locator("p.description").First).ToHaveTextAsync(MarketWorld.ScriptDescription);
        Assert.Equal(0, await page.Locator("img, b").CountAsync());
        await AssertNothingRanAsync(page, dialogs);
    }

    private static async Task AssertNothingRanAsync(IPage page, List<string> dialogs)
    {
        Assert.Equal(0, await page.Locator("script").CountAsync());
        Assert.False(await page.EvaluateAsync<bool>("() => window.xssRan === true"), "the listing's markup ran");
        lock (dialogs)
        {
            Assert.Empty(dialogs);
        }
    }

    [Fact]
    public async Task A_search_the_catalog_refuses_is_400_with_its_reason()
    {
        using var client = world.CreateClient();
        var response = await client.GetAsync(new Uri("/?q=sourdough&page=0", UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("page must be a whole number from 1 to", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_listing_is_404_page()
    {
        using var client = world.CreateClient();
        var response = await client.GetAsync(new Uri($"/listings/{Guid.NewGuid()}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("There is no published listing at this address", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
