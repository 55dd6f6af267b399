using System.Net;
using SolidarityMarket.Testing;

namespace SolidarityMarket.Web.Tests;

/// <summary>
/// The UI deployed on its own (<c>Modules=Web</c>), reading the catalog of another process through
/// <c>Web:ApiBaseUrl</c>: what keeps it separable from the services.
/// </summary>
public sealed class StandaloneUiTests(MarketWorld world)
{
    [Fact]
    public async Task A_UI_only_host_shows_the_listings_of_the_catalog_it_is_pointed_at()
    {
        await using var ui = new MarketplaceFactory(new() { ["Modules"] = "Web", ["Web:ApiBaseUrl"] = world.Address.ToString() });
        using var client = ui.CreateClient();

        var page = await client.GetAsync(new Uri("/?q=rye", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Rye sourdough loaf", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        // The listings came from the other process: this one has no catalog.
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(new Uri("/api/catalog/listings", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task With_the_services_apart_each_call_goes_to_its_services_own_address()
    {
        var nobody = $"http://127.0.0.1:{HostExecutable.FreePort()}/";
        // The catalog has an address of its own; the API base (sign-in, and any service without one) answers nothing.
        await using var apart = new MarketplaceFactory(new() { ["Modules"] = "Web", ["Web:ApiBaseUrl"] = nobody, ["Web:ServiceUrls:Catalog"] = world.Address.ToString() });
        // The other way round: the API base is the market, but the catalog's own address answers nothing.
        await using var catalogGone = new MarketplaceFactory(new() { ["Modules"] = "Web", ["Web:ApiBaseUrl"] = world.Address.ToString(), ["Web:ServiceUrls:Catalog"] = nobody });

        var found = await apart.CreateClient().GetAsync(new Uri("/?q=rye", UriKind.Relative));
        var unanswered = await catalogGone.CreateClient().GetAsync(new Uri("/?q=rye", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, found.StatusCode);
        Assert.Contains("Rye sourdough loaf", await found.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, unanswered.StatusCode);
    }

    [Theory]
    [InlineData("Web:ServiceUrls:Payments", "http://ordering:5082/", "Web:ServiceUrls names only the services")]
    [InlineData("Web:ServiceUrls:Ledger", "/ledger/", "Web:ServiceUrls must be absolute http(s) addresses")]
    public void A_service_address_that_cannot_be_used_stops_the_UI_at_start(string setting, string value, string message)
    {
        using var ui = new MarketplaceFactory(new() { ["Modules"] = "Web", [setting] = value });

        Assert.Contains(message, ui.StartupFailure().ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_catalog_that_does_not_answer_is_a_503_page_not_an_error()
    {
        var nobody = $"http://127.0.0.1:{HostExecutable.FreePort()}/";
        await using var ui = new MarketplaceFactory(new() { ["Modules"] = "Web", ["Web:ApiBaseUrl"] = nobody });
        using var client = ui.CreateClient();

        var search = await client.GetAsync(new Uri("/?q=rye", UriKind.Relative));
        var listing = await client.GetAsync(new Uri($"/listings/{Guid.NewGuid()}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, search.StatusCode);
        Assert.Contains("The catalog is not answering", await search.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, listing.StatusCode);
        Assert.Contains("The catalog is not answering", await listing.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sk_test_51SecretKeyPastedByMistake")]
    [InlineData("rk_live_restricted")]
    public void A_secret_Stripe_key_given_as_the_publishable_one_stops_the_UI_at_start(string key)
    {
        using var ui = new MarketplaceFactory(new() { ["Modules"] = "Web", ["Web:StripePublishableKey"] = key });

        var error = ui.StartupFailure();

        Assert.Contains("Web:StripePublishableKey must be a publishable key", error.ToString(), StringComparison.Ordinal);
    }
}
