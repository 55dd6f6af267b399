using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace SolidarityMarket.Web.Tests;

/// <summary>
/// "Solidarity Made" in Chromium with JavaScript off: a co-op's staff apply and withdraw at
/// <c>/me/vendors/{id}/certification</c>; administrators approve, reject and revoke at <c>/admin/certifications</c>.
/// What the pages did is checked through the Catalog API as the administrator (label, application, audit trail).
/// </summary>
public sealed class CertificationPagesTests(MarketWorld world)
{
    [Fact]
    public async Task Staff_apply_from_their_vendor_and_see_the_application_waiting()
    {
        var staff = await world.NewVendorStaffAsync("Applying Apiaries");
        var page = await world.SignedInPageAsync(staff.Email, "/me/vendors");
        await page.Locator($"tr[data-vendor='{staff.VendorId}']").GetByRole(AriaRole.Link, new() { Name = "Certification" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"/me/vendors/{staff.VendorId}/certification$"));
        await Expect(page.Locator(".certified")).ToHaveTextAsync("Not certified.");
        await Expect(page.Locator("fieldset[data-criterion]")).ToHaveCountAsync(CertificationWorld.Criteria.Length);

        await CertificationWorld.FillSelfAssessmentAsync(page, "Hives run by the members' assembly");
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex($"/me/vendors/{staff.VendorId}/certification$"));
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Your application is sent. An administrator will review it; its decision shows here.");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Withdraw" })).ToBeVisibleAsync();
        await Expect(page.Locator("fieldset[data-criterion]")).ToHaveCountAsync(0);
        var pending = Assert.Single(await world.PendingApplicationsAsync(staff.VendorId));
        await Expect(page.Locator(".pending")).ToHaveAttributeAsync("data-application", pending.ToString());
        var application = await world.ApplicationAsync(pending);
        var answers = application.GetProperty("answers").EnumerateArray().ToList();
        Assert.Equal(CertificationWorld.Criteria.Length, answers.Count);
        Assert.All(answers, a => Assert.Equal($"Hives run by the members' assembly ({a.GetProperty("criterion").GetString()})", a.GetProperty("evidence").GetString()));
        Assert.All(answers, a => Assert.Equal(["https://example.coop/minutes"], a.GetProperty("links").EnumerateArray().Select(l => l.GetString())));
        Assert.Equal(["Applied"], await world.AuditActionsAsync(staff.VendorId));
        await Expect(page.Locator("tr[data-audit]")).ToHaveCountAsync(1);
    }

    [Fact]
    public async Task A_refused_self_assessment_shows_the_catalogs_messages_keeps_the_form_and_sends_nothing()
    {
        var staff = await world.NewVendorStaffAsync("Careless Candles");
        var page = await world.SignedInPageAsync(staff.Email, $"/me/vendors/{staff.VendorId}/certification");
        await CertificationWorld.FillSelfAssessmentAsync(page, "Wax from local bees");
        await page.Locator("fieldset[data-criterion='FairPayRatio']").GetByLabel("Links, one a line").FillAsync("https://example.coop/pay\njavascript:alert(1)");

        var refused = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync(), r => r.Request.Method == "POST");

        Assert.Equal(400, refused.Status);
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Each link must be an absolute http(s) URL");
        await Expect(page.Locator("fieldset[data-criterion='FairPayRatio']").GetByLabel("Evidence")).ToHaveValueAsync("Wax from local bees (FairPayRatio)");
        await Expect(page.Locator("fieldset[data-criterion='FairPayRatio']").GetByLabel("Links, one a line")).ToHaveValueAsync("https://example.coop/pay\njavascript:alert(1)");
        Assert.Empty(await world.PendingApplicationsAsync(staff.VendorId));
        Assert.Empty(await world.AuditActionsAsync(staff.VendorId));
    }

    [Fact]
    public async Task Staff_withdraw_their_application_and_the_same_withdrawal_sent_twice_shows_the_state()
    {
        var staff = await world.NewVendorStaffAsync("Second Thoughts Co-op");
        var applicationId = await staff.ApplyAsync();
        var page = await world.SignedInPageAsync(staff.Email, $"/me/vendors/{staff.VendorId}/certification");

        await page.GetByRole(AriaRole.Button, new() { Name = "Withdraw" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Your application is withdrawn. The vendor may apply again.");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Apply" })).ToBeVisibleAsync();
        Assert.Equal("Withdrawn", (await world.ApplicationAsync(applicationId)).GetProperty("status").GetString());

        var again = await CertificationWorld.PostAgainAsync(page, $"/me/vendors/{staff.VendorId}/certification?handler=Withdraw", new() { ["applicationId"] = applicationId.ToString() });

        Assert.Equal(302, again.Status);
        await page.GotoAsync($"/me/vendors/{staff.VendorId}/certification");
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("This application is already withdrawn: nothing more to withdraw.");
        Assert.Equal(["Applied", "Withdrawn"], await world.AuditActionsAsync(staff.VendorId));
    }

    [Fact]
    public async Task A_member_who_is_not_the_vendors_staff_finds_nothing_and_their_forms_change_nothing()
    {
        var owner = await world.NewVendorStaffAsync("Guarded Gardens");
        var applicationId = await owner.ApplyAsync("Secret minutes");
        var stranger = await world.NewVendorStaffAsync("Curious Cooperage");
        var page = await world.SignedInPageAsync(stranger.Email, $"/me/vendors/{stranger.VendorId}/certification");
        var path = $"/me/vendors/{owner.VendorId}/certification";

        var answer = await page.GotoAsync(path);

        Assert.Equal(404, answer!.Status);
        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("There is no vendor of yours at this address.");
        await Expect(page.Locator("main")).Not.ToContainTextAsync("Guarded Gardens");
        await Expect(page.Locator("main form")).ToHaveCountAsync(0);

        var withdraw = await CertificationWorld.PostAgainAsync(page, path + "?handler=Withdraw", new() { ["applicationId"] = applicationId.ToString() });
        var apply = await CertificationWorld.PostAgainAsync(page, path + "?handler=Apply", new()
        {
            ["Form.Answers[0].Criterion"] = "DemocraticGovernance", ["Form.Answers[0].Evidence"] = "Forged",
        });

        Assert.Equal((404, 404), (withdraw.Status, apply.Status));
        Assert.Equal([applicationId], await world.PendingApplicationsAsync(owner.VendorId));
        Assert.Equal(["Applied"], await world.AuditActionsAsync(owner.VendorId));
    }
}
