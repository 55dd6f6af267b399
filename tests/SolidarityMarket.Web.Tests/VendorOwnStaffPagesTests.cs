using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace SolidarityMarket.Web.Tests;

/// <summary>
/// A vendor's own staff read who acts for their co-op at <c>/me/vendors/{id}/staff</c> (ADR 0033), in Chromium with
/// JavaScript off: read-only, the signed-in member as "you", others by user number (e-mail addresses are for
/// administrators), every change by "an administrator". The staff are changed through the Catalog API as an administrator.
/// </summary>
public sealed class VendorOwnStaffPagesTests(MarketWorld world)
{
    private const string NotYours = "There is no vendor of yours at this address.";

    [Fact]
    public async Task Staff_see_who_acts_for_their_vendor_and_every_change_without_anyones_e_mail()
    {
        var staff = await world.NewVendorStaffAsync("Open Book Bakers");
        var (colleague, colleagueId) = await world.Factory.CreateUserAsync();
        await ChangeStaffAsync(staff.VendorId, [colleagueId], "The founder hands over to a new baker.");
        await ChangeStaffAsync(staff.VendorId, [colleagueId, staff.UserId], "The founder came back part-time.");
        var page = await world.SignedInPageAsync(staff.Email, "/me/vendors");

        await page.Locator($"tr[data-vendor='{staff.VendorId}']").GetByRole(AriaRole.Link, new() { Name = "Staff", Exact = true }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex($"/me/vendors/{staff.VendorId}/staff$"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Staff of Open Book Bakers");
        await Expect(page.GetByText("Only the network's administrators change the staff")).ToBeVisibleAsync();
        await Expect(page.Locator("ul.staff li")).ToHaveCountAsync(2);
        await Expect(page.Locator($"ul.staff li[data-user='{staff.UserId}']")).ToHaveTextAsync("you");
        await Expect(page.Locator($"ul.staff li[data-user='{colleagueId}']")).ToHaveTextAsync(colleagueId);
        await Expect(page.Locator("main form")).ToHaveCountAsync(0);

        await Expect(page.Locator("tr[data-version]")).ToHaveCountAsync(2);
        var newest = page.Locator("tr[data-version]").First;
        await Expect(newest).ToHaveAttributeAsync("data-version", "2");
        await Expect(newest.Locator("[data-field=by]")).ToHaveTextAsync("an administrator");
        await Expect(newest.Locator("[data-field=added]")).ToHaveTextAsync("you");
        await Expect(newest.Locator("[data-field=removed]")).ToHaveTextAsync("");
        await Expect(newest.Locator("[data-field=reason]")).ToHaveTextAsync("The founder came back part-time.");
        var first = page.Locator("tr[data-version='1']");
        await Expect(first.Locator("[data-field=by]")).ToHaveTextAsync("an administrator");
        await Expect(first.Locator("[data-field=added]")).ToHaveTextAsync(colleagueId);
        await Expect(first.Locator("[data-field=removed]")).ToHaveTextAsync("you");
        await Expect(first.Locator("[data-field=reason]")).ToHaveTextAsync("The founder hands over to a new baker.");

        var html = await page.ContentAsync();
        Assert.DoesNotContain(world.AdminEmail, html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(colleague, html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task The_listings_page_links_to_the_staff()
    {
        var staff = await world.NewVendorStaffAsync("Linked Loom Weavers");
        var page = await world.SignedInPageAsync(staff.Email, $"/me/vendors/{staff.VendorId}");

        await page.GetByRole(AriaRole.Link, new() { Name = "Staff", Exact = true }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex($"/me/vendors/{staff.VendorId}/staff$"));
        await Expect(page.Locator($"ul.staff li[data-user='{staff.UserId}']")).ToHaveTextAsync("you");
        await Expect(page.GetByText("The staff are the ones the vendor was registered with.")).ToBeVisibleAsync();
    }

    [Theory]
    [InlineData("a member")]
    [InlineData("an administrator")]
    [InlineData("someone taken off the staff")]
    public async Task Someone_not_on_the_staff_is_refused_as_on_the_other_vendor_pages(string who)
    {
        var staff = await world.NewVendorStaffAsync($"Closed Door Coopers ({who})");
        var email = who switch
        {
            "a member" => (await world.Factory.CreateUserAsync()).Email,
            "an administrator" => world.AdminEmail,
            _ => staff.Email,
        };
        var page = await world.SignedInPageAsync(email, "/me/vendors");
        if (who == "someone taken off the staff")
        {
            await page.GotoAsync($"/me/vendors/{staff.VendorId}/staff");
            await Expect(page.Locator("ul.staff li")).ToHaveCountAsync(1);
            await ChangeStaffAsync(staff.VendorId, [(await world.Factory.CreateUserAsync()).UserId], "Handed over.");
        }

        var certification = await page.GotoAsync($"/me/vendors/{staff.VendorId}/certification");
        Assert.Equal(404, certification!.Status);
        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync(NotYours);

        var answer = await page.GotoAsync($"/me/vendors/{staff.VendorId}/staff");

        Assert.Equal(404, answer!.Status);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Vendor not found");
        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync(NotYours);
        await Expect(page.Locator("ul.staff")).ToHaveCountAsync(0);
        await Expect(page.Locator("tr[data-version]")).ToHaveCountAsync(0);
    }

    /// <summary>An administrator replaces the vendor's staff through the Catalog API.</summary>
    private async Task ChangeStaffAsync(Guid vendorId, string[] staffUserIds, string reason)
    {
        using var admin = await world.AdminAsync();
        using var changed = await admin.PutAsJsonAsync($"/api/catalog/vendors/{vendorId}/staff", new { staffUserIds, reason });
        Assert.True(changed.IsSuccessStatusCode, $"change staff: {(int)changed.StatusCode} {await changed.Content.ReadAsStringAsync()}");
    }
}
