using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using SolidarityMarket.Testing;

namespace SolidarityMarket.SystemTests.Auth;

/// <summary>
/// A member signed in by cookie (<c>/api/auth/login?useCookies=true</c>) must not have their browser made to change
/// anything by another site's page: such a request is 403 <c>cross-site-request</c> before any endpoint runs, while the
/// same request from the site itself, reads, and bearer-token clients go through as before.
/// </summary>
public sealed class CrossSiteRequestTests
{
    [Fact]
    public async Task A_cookie_signed_write_from_another_site_is_refused_and_the_same_write_from_this_site_reaches_the_endpoint()
    {
        await using var market = new MarketplaceFactory();
        var email = await NewMemberAsync(market);
        var browser = market.CreateClient();
        var login = await browser.PostAsJsonAsync("/api/auth/login?useCookies=true", new { email, password = MarketplaceFactory.Password });
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var cookie = Assert.Single(login.Headers.GetValues("Set-Cookie"));
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);

        // A POST without a body, as fetch(url, { method: "POST", mode: "no-cors", credentials: "include" }) on another
        // site's page sends it without a preflight: the order actions' reason is optional, so no JSON is needed.
        var confirm = $"/api/ordering/orders/{Guid.CreateVersion7()}/confirm-receipt";
        var crossSite = await browser.SendAsync(BodylessPost(confirm, site: "cross-site", origin: "https://evil.example"));
        Assert.Equal(HttpStatusCode.Forbidden, crossSite.StatusCode);
        Assert.Contains("cross-site-request", await crossSite.Content.ReadAsStringAsync());

        var sameSiteOtherOrigin = await browser.SendAsync(BodylessPost(confirm, site: "same-site", origin: "https://shop.solidarity.example"));
        Assert.Equal(HttpStatusCode.Forbidden, sameSiteOtherOrigin.StatusCode);

        var foreignOriginOnly = await browser.SendAsync(BodylessPost(confirm, site: null, origin: "https://evil.example"));
        Assert.Equal(HttpStatusCode.Forbidden, foreignOriginOnly.StatusCode);

        // From the site's own pages the request reaches the endpoint (which does not know the order).
        var sameOrigin = await browser.SendAsync(BodylessPost(confirm, site: "same-origin", origin: "http://localhost"));
        Assert.Equal(HttpStatusCode.NotFound, sameOrigin.StatusCode);

        // Reads are not writes, and the cookie still signs them in.
        var read = new HttpRequestMessage(HttpMethod.Get, "/api/ordering/orders");
        read.Headers.Add("Sec-Fetch-Site", "cross-site");
        Assert.Equal(HttpStatusCode.OK, (await browser.SendAsync(read)).StatusCode);
    }

    [Fact]
    public async Task A_bearer_token_client_is_not_checked_for_the_browser_headers()
    {
        await using var market = new MarketplaceFactory();
        var email = await NewMemberAsync(market);
        var login = await market.CreateClient().PostAsJsonAsync("/api/auth/login", new { email, password = MarketplaceFactory.Password });
        var token = (await login.Content.ReadFromJsonAsync<Tokens>())!.AccessToken;

        var api = market.CreateClient();
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var response = await api.SendAsync(BodylessPost($"/api/ordering/orders/{Guid.CreateVersion7()}/cancel", site: "cross-site", origin: "https://elsewhere.example"));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private static HttpRequestMessage BodylessPost(string path, string? site, string origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path);
        if (site is not null)
        {
            request.Headers.Add("Sec-Fetch-Site", site);
        }

        request.Headers.Add("Origin", origin);
        return request;
    }

    private static async Task<string> NewMemberAsync(MarketplaceFactory market)
    {
        var email = $"member-{Guid.NewGuid():N}@test.coop";
        await using var scope = market.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
        Assert.True((await users.CreateAsync(new IdentityUser { UserName = email, Email = email, EmailConfirmed = true }, MarketplaceFactory.Password)).Succeeded);
        return email;
    }

    private sealed record Tokens(string AccessToken);
}
