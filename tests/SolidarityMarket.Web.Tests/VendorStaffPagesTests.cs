using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace SolidarityMarket.Web.Tests;

/// <summary>
/// A vendor's staff as administrators change them at <c>/admin/vendors/{id}/staff</c> (ADR 0033), in Chromium with
/// JavaScript off: people named by e-mail, added by e-mail, removed with a reason, and the history. What the page did
/// is checked through the Catalog API as the administrator.
/// </summary>
public sealed class VendorStaffPagesTests(MarketWorld world)
{
    private const string Reason = "The treasurer left the co-op; the new one takes over.";

    [Fact]
    public async Task An_administrator_adds_a_member_by_e_mail_removes_the_old_staff_with_a_reason_and_sees_the_history()
    {
        var staff = await world.NewVendorStaffAsync("Changing Chandlers");
        var applicationId = await staff.ApplyAsync();
        var (newcomer, newcomerId) = await world.Factory.CreateUserAsync();
        var admin = await world.SignedInPageAsync(world.AdminEmail, $"/admin/certifications/{applicationId}");

        await admin.GetByRole(AriaRole.Link, new() { Name = "its staff" }).ClickAsync();

        await Expect(admin).ToHaveURLAsync(new Regex($"/admin/vendors/{staff.VendorId}/staff$"));
        await Expect(admin.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Staff of Changing Chandlers");
        await Expect(admin.Locator("ul.staff li .who")).ToHaveTextAsync([staff.Email]);
        await Expect(admin.GetByText("The staff are the ones the vendor was registered with.")).ToBeVisibleAsync();

        await admin.GetByLabel($"Remove {staff.Email}").CheckAsync();
        await admin.GetByLabel("Add by e-mail").FillAsync(newcomer.ToUpperInvariant());
        await admin.GetByLabel("Reason for the change").FillAsync(Reason);
        await admin.GetByRole(AriaRole.Button, new() { Name = "Change the staff" }).ClickAsync();

        await Expect(admin).ToHaveURLAsync(new Regex($"/admin/vendors/{staff.VendorId}/staff$"));
        await Expect(admin.GetByRole(AriaRole.Status)).ToHaveTextAsync("Changed the staff of Changing Chandlers. Its credit accounts and orders follow the new staff within moments.");
        await Expect(admin.Locator("ul.staff li .who")).ToHaveTextAsync([newcomer]);
        var change = admin.Locator("tr[data-version='1']");
        await Expect(change.Locator("[data-field=by]")).ToHaveTextAsync(world.AdminEmail);
        await Expect(change.Locator("[data-field=added]")).ToHaveTextAsync(newcomer);
        await Expect(change.Locator("[data-field=removed]")).ToHaveTextAsync(staff.Email);
        await Expect(change.Locator("[data-field=reason]")).ToHaveTextAsync(Reason);

        var stored = await StaffAsync(staff.VendorId);
        Assert.Equal(1, stored.GetProperty("staffVersion").GetInt32());
        Assert.Equal([newcomerId], Ids(stored.GetProperty("staffUserIds")));
        var recorded = Assert.Single(stored.GetProperty("changes").EnumerateArray());
        Assert.Equal(Reason, recorded.GetProperty("reason").GetString());
        Assert.Equal([newcomerId], Ids(recorded.GetProperty("added")));
        Assert.Equal([staff.UserId], Ids(recorded.GetProperty("removed")));
    }

    [Fact]
    public async Task An_e_mail_nobody_has_is_said_so_and_nothing_is_sent()
    {
        var staff = await world.NewVendorStaffAsync("Careful Coopers");
        var (known, _) = await world.Factory.CreateUserAsync();
        var unknown = $"nobody-{Guid.NewGuid():N}@test.coop";
        var admin = await world.SignedInPageAsync(world.AdminEmail, $"/admin/vendors/{staff.VendorId}/staff");

        await admin.GetByLabel("Add by e-mail").FillAsync($"{known}, {unknown}");
        await admin.GetByLabel("Reason for the change").FillAsync("Two new members.");
        var refused = await admin.RunAndWaitForResponseAsync(
            () => admin.GetByRole(AriaRole.Button, new() { Name = "Change the staff" }).ClickAsync(), r => r.Request.Method == "POST");

        Assert.Equal(400, refused.Status);
        await Expect(admin.GetByRole(AriaRole.Alert)).ToHaveTextAsync($"No user has the e-mail address {unknown}. Nothing was sent: correct it, or leave it out.");
        await Expect(admin.GetByLabel("Add by e-mail")).ToHaveValueAsync($"{known}, {unknown}");
        await Expect(admin.GetByLabel("Reason for the change")).ToHaveValueAsync("Two new members.");
        await AssertUnchangedAsync(staff);
    }

    [Fact]
    public async Task A_form_read_before_another_administrators_change_is_refused_and_undoes_nothing_then_sent_again_it_applies()
    {
        var staff = await world.NewVendorStaffAsync("Contested Cobblers");
        var (first, firstId) = await world.Factory.CreateUserAsync();
        var (second, secondId) = await world.Factory.CreateUserAsync();
        var admin = await world.SignedInPageAsync(world.AdminEmail, "/admin/certifications");
        await admin.GetByLabel("Vendor number").FillAsync(staff.VendorId.ToString());
        await admin.GetByRole(AriaRole.Button, new() { Name = "Look up" }).ClickAsync();
        await admin.GetByRole(AriaRole.Link, new() { Name = "Who acts for Contested Cobblers" }).ClickAsync();
        await Expect(admin).ToHaveURLAsync(new Regex($"/admin/vendors/{staff.VendorId}/staff$"));

        // Another administrator adds someone while this form is open.
        using (var api = await world.AdminAsync())
        {
            var other = await api.PutAsJsonAsync($"/api/catalog/vendors/{staff.VendorId}/staff", new { staffUserIds = new[] { staff.UserId, firstId }, reason = "First hire." });
            Assert.True(other.IsSuccessStatusCode, $"other change: {(int)other.StatusCode} {await other.Content.ReadAsStringAsync()}");
        }

        await admin.GetByLabel($"Remove {staff.Email}").CheckAsync();
        await admin.GetByLabel("Add by e-mail").FillAsync(second);
        await admin.GetByLabel("Reason for the change").FillAsync("Handing over.");
        var refused = await admin.RunAndWaitForResponseAsync(
            () => admin.GetByRole(AriaRole.Button, new() { Name = "Change the staff" }).ClickAsync(), r => r.Request.Method == "POST");

        Assert.Equal(409, refused.Status);
        await Expect(admin.GetByRole(AriaRole.Alert)).ToContainTextAsync("The staff changed at the same time");
        await Expect(admin.Locator("ul.staff li .who")).ToHaveCountAsync(2);
        await Expect(admin.Locator("ul.staff li .who", new() { HasText = first })).ToHaveCountAsync(1);
        var stored = await StaffAsync(staff.VendorId);
        Assert.Equal(1, stored.GetProperty("staffVersion").GetInt32());
        Assert.Equal(new[] { staff.UserId, firstId }.Order(StringComparer.Ordinal), Ids(stored.GetProperty("staffUserIds")));

        // The form is kept, now over the staff as they are: sent again, it applies to them.
        await admin.GetByRole(AriaRole.Button, new() { Name = "Change the staff" }).ClickAsync();

        await Expect(admin.GetByRole(AriaRole.Status)).ToContainTextAsync("Changed the staff of Contested Cobblers.");
        stored = await StaffAsync(staff.VendorId);
        Assert.Equal(2, stored.GetProperty("staffVersion").GetInt32());
        Assert.Equal(new[] { firstId, secondId }.Order(StringComparer.Ordinal), Ids(stored.GetProperty("staffUserIds")));
    }

    [Theory]
    [InlineData("no reason", "Give the reason for the change: it is recorded with it and shown in the history.")]
    [InlineData("nobody left", "A vendor needs someone to act for it: add someone before removing the last of its staff.")]
    [InlineData("no change", "Nothing would change: tick someone to remove, or add someone by e-mail who is not on the staff yet.")]
    // Past the form's own limit (maxlength): the Catalog's validation message, as it words it.
    [InlineData("reason too long", "reason must be at most 1000 characters.")]
    public async Task A_refused_change_is_said_and_changes_nothing(string what, string message)
    {
        var staff = await world.NewVendorStaffAsync($"Refused Ropers ({what})");
        var path = $"/admin/vendors/{staff.VendorId}/staff";
        var admin = await world.SignedInPageAsync(world.AdminEmail, path);
        Dictionary<string, string> form = what switch
        {
            "no reason" => new() { ["Remove"] = staff.UserId, ["Add"] = (await world.Factory.CreateUserAsync()).Email, ["Reason"] = "  " },
            "nobody left" => new() { ["Remove"] = staff.UserId, ["Reason"] = "Closing down." },
            "no change" => new() { ["Add"] = staff.Email.ToUpperInvariant(), ["Reason"] = "Again." },
            _ => new() { ["Add"] = (await world.Factory.CreateUserAsync()).Email, ["Reason"] = new string('r', 1001) },
        };
        form["StaffVersion"] = "0";

        var answer = await CertificationWorld.PostAgainAsync(admin, path, form);

        Assert.Equal(400, answer.Status);
        Assert.Contains(message, await answer.TextAsync(), StringComparison.Ordinal);
        await AssertUnchangedAsync(staff);
    }

    [Fact]
    public async Task An_address_too_long_to_be_anyones_is_refused_as_bad_input_not_blamed_on_the_catalog()
    {
        // Pasted by mistake: longer than any stored address (256), and than the request line the sign-in service
        // takes (Kestrel's 8 KB), which answered the look-up 414 and the page "The catalog refused this change." (414).
        var staff = await world.NewVendorStaffAsync("Pasting Printers");
        var path = $"/admin/vendors/{staff.VendorId}/staff";
        var admin = await world.SignedInPageAsync(world.AdminEmail, path);
        var pasted = new string('a', 9000) + "@test.coop";

        var answer = await CertificationWorld.PostAgainAsync(admin, path, new() { ["StaffVersion"] = "0", ["Add"] = pasted, ["Reason"] = "New member." });

        Assert.Equal(400, answer.Status);
        var text = await answer.TextAsync();
        Assert.Contains("longer than 256 characters", text, StringComparison.Ordinal);
        Assert.DoesNotContain("The catalog refused this change.", text, StringComparison.Ordinal);
        await AssertUnchangedAsync(staff);
    }

    [Fact]
    public async Task The_vendors_own_staff_are_refused_the_page_and_their_form_changes_nothing()
    {
        var staff = await world.NewVendorStaffAsync("Self-Made Saddlers");
        var (friend, _) = await world.Factory.CreateUserAsync();
        var path = $"/admin/vendors/{staff.VendorId}/staff";
        var page = await world.SignedInPageAsync(staff.Email, "/me/vendors");

        var answer = await page.GotoAsync(path);

        Assert.Equal(403, answer!.Status);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Not for this account");
        var post = await CertificationWorld.PostAgainAsync(page, path, new() { ["StaffVersion"] = "0", ["Add"] = friend, ["Reason"] = "Adding myself a friend." });
        Assert.Equal(302, post.Status);
        Assert.Contains("/denied", post.Headers["location"], StringComparison.Ordinal);
        await AssertUnchangedAsync(staff);
    }

    [Fact]
    public async Task An_administrator_on_the_vendors_staff_is_told_another_administrator_must_change_it()
    {
        var (insiderEmail, insiderId) = await world.Factory.CreateUserAsync(SolidarityMarket.ServiceDefaults.Auth.Roles.Admin);
        using var admin = await world.AdminAsync();
        var registered = await admin.PostAsJsonAsync(new Uri("/api/catalog/vendors", UriKind.Relative),
            new { name = "Insiders' Co-op", category = "SolidarityEconomyInitiative", sector = "food", staffUserIds = new[] { insiderId } });
        var vendorId = (await registered.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var (friend, _) = await world.Factory.CreateUserAsync();
        var page = await world.SignedInPageAsync(insiderEmail, $"/admin/vendors/{vendorId}/staff");

        await page.GetByLabel("Add by e-mail").FillAsync(friend);
        await page.GetByLabel("Reason for the change").FillAsync("Adding a friend to my own co-op.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Change the staff" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("An administrator on the vendor's staff may not change it");
        var stored = await StaffAsync(vendorId);
        Assert.Equal(0, stored.GetProperty("staffVersion").GetInt32());
        Assert.Equal([insiderId], Ids(stored.GetProperty("staffUserIds")));
    }

    [Fact]
    public async Task An_unknown_vendor_is_not_found()
    {
        var admin = await world.SignedInPageAsync(world.AdminEmail, "/admin");

        var answer = await admin.GotoAsync($"/admin/vendors/{Guid.NewGuid()}/staff");

        Assert.Equal(404, answer!.Status);
        await Expect(admin.GetByRole(AriaRole.Alert)).ToHaveTextAsync("There is no vendor at this address.");
        await Expect(admin.Locator("main form")).ToHaveCountAsync(0);
    }

    private async Task<JsonElement> StaffAsync(Guid vendorId)
    {
        using var admin = await world.AdminAsync();
        using var document = JsonDocument.Parse(await admin.GetStringAsync(new Uri($"/api/catalog/vendors/{vendorId}/staff", UriKind.Relative)));
        return document.RootElement.Clone();
    }

    /// <summary>The vendor's staff are still the one who registered it, and no change is recorded.</summary>
    private async Task AssertUnchangedAsync(VendorStaff staff)
    {
        var stored = await StaffAsync(staff.VendorId);
        Assert.Equal(0, stored.GetProperty("staffVersion").GetInt32());
        Assert.Equal([staff.UserId], Ids(stored.GetProperty("staffUserIds")));
        Assert.Empty(stored.GetProperty("changes").EnumerateArray());
    }

    private static List<string> Ids(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetString()!).Order(StringComparer.Ordinal)];
}
