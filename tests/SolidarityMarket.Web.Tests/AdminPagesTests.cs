using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace SolidarityMarket.Web.Tests;

/// <summary>
/// The administrators' pages under <c>/admin</c>: offered to, and opened for, a session whose user held the Admin role
/// at sign-in (asked of <c>/api/auth/me</c>); refused with 403 to any other member, and sign-in first for nobody.
/// </summary>
public sealed class AdminPagesTests(MarketWorld world)
{
    [Fact]
    public async Task An_administrator_is_offered_the_administration_pages_and_opens_them()
    {
        var page = await world.NewPageAsync();
        await MemberPages.GoAndSignInAsync(page, world.AdminEmail);

        await page.Locator("header.site").GetByRole(AriaRole.Link, new() { Name = "Administration" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex("/admin$"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Administration");
    }

    [Fact]
    public async Task A_member_is_not_offered_the_administration_pages_and_is_refused_them()
    {
        var member = await world.NewMemberAsync();
        var page = await world.NewPageAsync();
        await MemberPages.GoAndSignInAsync(page, member.Email);
        await Expect(page.Locator("header.site")).ToContainTextAsync($"Signed in as {member.Email}");
        await Expect(page.Locator("header.site").GetByRole(AriaRole.Link, new() { Name = "Administration" })).ToHaveCountAsync(0);

        var answer = await page.GotoAsync("/admin");

        Assert.Equal(403, answer!.Status);
        await Expect(page).ToHaveURLAsync(new Regex("/denied"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Not for this account");
    }

    [Fact]
    public async Task Nobody_signed_in_is_asked_to_sign_in_for_the_administration_pages()
    {
        var page = await world.NewPageAsync();

        await page.GotoAsync("/admin");

        await Expect(page).ToHaveURLAsync(new Regex("/signin\\?ReturnUrl=%2Fadmin$"));
    }
}
