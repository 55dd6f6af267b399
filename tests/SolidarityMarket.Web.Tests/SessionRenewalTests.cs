using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace SolidarityMarket.Web.Tests;

/// <summary>
/// The marketplace with access tokens of 20 seconds, shorter than the UI's 30-second renewal margin, and no caching of
/// who a user is: every member page renews the session's token before calling the API, so these tests see the
/// renewal and its refusal on every page without waiting for a token to expire.
/// </summary>
public sealed class ShortTokenWorld() : MarketWorld(new()
{
    ["Auth:AccessTokenLifetime"] = "00:00:20",
    ["Auth:UserCheckInterval"] = "00:00:00",
})
{
    protected override bool SeedsListings => false;
}

public sealed class SessionRenewalTests(ShortTokenWorld world) : IClassFixture<ShortTokenWorld>
{
    [Fact]
    public async Task An_expiring_access_token_is_renewed_with_the_refresh_token_and_the_cookie_re_issued()
    {
        var member = await world.NewMemberAsync();
        var page = await world.NewPageAsync();
        await MemberPages.GoAndSignInAsync(page, member.Email);
        await Expect(page.Locator($"tr[data-account='{member.AccountId}']")).ToBeVisibleAsync();
        var first = await MemberPages.SessionCookieAsync(page);

        await page.GotoAsync($"/me/accounts/{member.AccountId}");

        await Expect(page.Locator("[data-field=balance]")).ToHaveTextAsync("0.00 credits");
        var renewed = await MemberPages.SessionCookieAsync(page);
        Assert.NotEmpty(renewed);
        Assert.NotEqual(first, renewed);
    }

    [Fact]
    public async Task A_member_suspended_by_an_administrator_is_signed_out_at_the_next_page()
    {
        var member = await world.NewMemberAsync();
        var page = await world.NewPageAsync();
        await MemberPages.GoAndSignInAsync(page, member.Email);
        await Expect(page.Locator($"tr[data-account='{member.AccountId}']")).ToBeVisibleAsync();

        using var admin = await world.AdminAsync();
        var suspended = await admin.PostAsJsonAsync($"/api/auth/users/{member.UserId}/suspend", new { reason = "Test: left the network." });
        Assert.True(suspended.IsSuccessStatusCode, $"suspend: {(int)suspended.StatusCode} {await suspended.Content.ReadAsStringAsync()}");

        await page.GotoAsync("/me/accounts");

        await Expect(page).ToHaveURLAsync(new Regex("/signin\\?ReturnUrl="));
        Assert.Empty(await MemberPages.SessionCookieAsync(page));
        await Expect(page.Locator($"tr[data-account='{member.AccountId}']")).ToHaveCountAsync(0);
    }
}
