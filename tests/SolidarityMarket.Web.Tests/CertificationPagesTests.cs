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

        // Not even an administrator, whom the Catalog lets read the trail: this page is the vendor's staff's.
        var admin = await world.SignedInPageAsync(world.AdminEmail, "/admin");
        Assert.Equal(404, (await admin.GotoAsync(path))!.Status);
        await Expect(admin.Locator("main")).Not.ToContainTextAsync("Applied");
    }

    [Fact]
    public async Task Staff_apply_the_administrator_approves_once_and_the_staff_see_the_label()
    {
        const string Markup = "<b>Bold</b> <script>window.xssRan = true</script> claims";
        var staff = await world.NewVendorStaffAsync("Approved Apothecary");
        var page = await world.SignedInPageAsync(staff.Email, $"/me/vendors/{staff.VendorId}/certification");
        await CertificationWorld.FillSelfAssessmentAsync(page, Markup);
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Your application is sent.");
        var applicationId = Assert.Single(await world.PendingApplicationsAsync(staff.VendorId));

        var admin = await world.SignedInPageAsync(world.AdminEmail, "/admin");
        await admin.GetByRole(AriaRole.Link, new() { Name = "Certification applications" }).ClickAsync();
        await Expect(admin).ToHaveURLAsync(new Regex("/admin/certifications$"));
        var row = admin.Locator($"tr[data-application='{applicationId}']");
        await Expect(row).ToContainTextAsync("Approved Apothecary");
        await Expect(row.Locator(".who")).ToHaveTextAsync(staff.Email);
        await row.GetByRole(AriaRole.Link, new() { Name = "Approved Apothecary" }).ClickAsync();

        await Expect(admin).ToHaveURLAsync(new Regex($"/admin/certifications/{applicationId}$"));
        await Expect(admin.Locator(".status")).ToHaveTextAsync("Submitted");
        await Expect(admin.Locator("[data-field='submitted-by']")).ToHaveTextAsync(staff.Email);
        var governance = admin.Locator("section[data-criterion='DemocraticGovernance']");
        await Expect(governance.GetByRole(AriaRole.Heading)).ToHaveTextAsync("Democratic governance");
        await Expect(governance.Locator(".evidence")).ToHaveTextAsync($"{Markup} (DemocraticGovernance)");
        await Expect(admin.Locator("section.answer b, section.answer script")).ToHaveCountAsync(0);
        await Expect(governance.GetByRole(AriaRole.Link, new() { Name = "https://example.coop/minutes" })).ToHaveAttributeAsync("href", "https://example.coop/minutes");

        await admin.GetByLabel("Notes for the vendor (optional)").FillAsync("Evidence checked.");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync();

        await Expect(admin).ToHaveURLAsync(new Regex($"/admin/certifications/{applicationId}$"));
        await Expect(admin.GetByRole(AriaRole.Status)).ToContainTextAsync("Approved: Approved Apothecary carries the “Solidarity Made” label until");
        await Expect(admin.Locator(".status")).ToHaveTextAsync("Approved");
        await Expect(admin.Locator("[data-field='decided-by']")).ToHaveTextAsync(world.AdminEmail);
        await Expect(admin.GetByRole(AriaRole.Button, new() { Name = "Approve" })).ToHaveCountAsync(0);
        var label = await world.LabelAsync(staff.VendorId);
        Assert.True(label.GetProperty("certified").GetBoolean());
        var validUntil = label.GetProperty("validUntil").GetDateTimeOffset();
        Assert.InRange(validUntil, DateTimeOffset.UtcNow.AddMonths(12).AddDays(-1), DateTimeOffset.UtcNow.AddMonths(12).AddDays(1));
        Assert.Equal(["Applied", "Approved"], await world.AuditActionsAsync(staff.VendorId));

        // The same approval sent again (a double click): the page shows the decision made, and nothing more is decided.
        var again = await CertificationWorld.PostAgainAsync(admin, $"/admin/certifications/{applicationId}?handler=Approve", new() { ["ApproveNotes"] = "Evidence checked." });
        Assert.Equal(302, again.Status);
        await admin.ReloadAsync();
        await Expect(admin.GetByRole(AriaRole.Status)).ToHaveTextAsync("This application is already approved: nothing changed.");
        Assert.Equal(["Applied", "Approved"], await world.AuditActionsAsync(staff.VendorId));
        Assert.Equal(validUntil, (await world.LabelAsync(staff.VendorId)).GetProperty("validUntil").GetDateTimeOffset());

        await admin.GotoAsync("/admin/certifications");
        await Expect(admin.Locator($"tr[data-application='{applicationId}']")).ToHaveCountAsync(0);
        await page.ReloadAsync();
        await Expect(page.Locator(".certified")).ToContainTextAsync($"Solidarity Made valid until {validUntil.UtcDateTime:yyyy-MM-dd HH:mm} UTC.");
        await Expect(page.Locator("tr[data-audit='Approved']")).ToContainTextAsync("Evidence checked.");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Apply" })).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task The_administrator_rejects_with_notes_which_the_staff_read_and_may_apply_again()
    {
        var staff = await world.NewVendorStaffAsync("Rejected Roasters");
        var applicationId = await staff.ApplyAsync();
        var admin = await world.SignedInPageAsync(world.AdminEmail, $"/admin/certifications/{applicationId}");

        // Without notes the Catalog refuses (the form requires them too): its message, and nothing is decided.
        var blank = await CertificationWorld.PostAgainAsync(admin, $"/admin/certifications/{applicationId}?handler=Reject", new() { ["RejectNotes"] = " " });
        Assert.Equal(400, blank.Status);
        Assert.Contains("notes is required.", await blank.TextAsync(), StringComparison.Ordinal);
        Assert.Equal("Submitted", (await world.ApplicationAsync(applicationId)).GetProperty("status").GetString());

        await admin.GetByLabel("Why it is rejected (the vendor reads this)").FillAsync("The pay ratio needs payroll evidence.");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Reject" }).ClickAsync();

        await Expect(admin.GetByRole(AriaRole.Status)).ToHaveTextAsync("Rejected: Rejected Roasters is told why and may apply again.");
        await Expect(admin.Locator(".status")).ToHaveTextAsync("Rejected");
        await Expect(admin.Locator(".decision-notes")).ToHaveTextAsync("The pay ratio needs payroll evidence.");
        var stored = await world.ApplicationAsync(applicationId);
        Assert.Equal(("Rejected", "The pay ratio needs payroll evidence."), (stored.GetProperty("status").GetString(), stored.GetProperty("decisionNotes").GetString()));
        Assert.False((await world.LabelAsync(staff.VendorId)).GetProperty("certified").GetBoolean());
        Assert.Equal(["Applied", "Rejected"], await world.AuditActionsAsync(staff.VendorId));

        var page = await world.SignedInPageAsync(staff.Email, $"/me/vendors/{staff.VendorId}/certification");
        await Expect(page.Locator(".certified")).ToHaveTextAsync("Not certified.");
        await Expect(page.Locator("tr[data-audit='Rejected']")).ToContainTextAsync("The pay ratio needs payroll evidence.");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Apply" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task The_administrator_revokes_a_certificate_with_a_reason_once()
    {
        var staff = await world.NewVendorStaffAsync("Revoked Ropeworks");
        var applicationId = await staff.ApplyAsync();
        using (var api = await world.AdminAsync())
        {
            var approved = await api.PostAsync(new Uri($"/api/catalog/certification/applications/{applicationId}/approve", UriKind.Relative), System.Net.Http.Json.JsonContent.Create(new { notes = "ok" }));
            Assert.True(approved.IsSuccessStatusCode, $"approve: {(int)approved.StatusCode}");
        }

        var admin = await world.SignedInPageAsync(world.AdminEmail, "/admin/certifications");
        await admin.GetByLabel("Vendor number").FillAsync(staff.VendorId.ToString());
        await admin.GetByRole(AriaRole.Button, new() { Name = "Look up" }).ClickAsync();
        await Expect(admin.Locator(".certified")).ToContainTextAsync("Revoked Ropeworks: Solidarity Made, valid until");
        await admin.Locator($"ul.approved li[data-application='{applicationId}']").GetByRole(AriaRole.Link).ClickAsync();
        await Expect(admin).ToHaveURLAsync(new Regex($"/admin/certifications/{applicationId}$"));
        await Expect(admin.Locator(".certified")).ToContainTextAsync("Solidarity Made, valid until");
        await admin.GetByLabel("Reason (recorded, and sent with the revocation)").FillAsync("Pay ratio no longer met.");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Revoke the certificate" }).ClickAsync();

        await Expect(admin.GetByRole(AriaRole.Status)).ToHaveTextAsync("Revoked: Revoked Ropeworks no longer carries the label. It may apply again.");
        await Expect(admin.Locator(".certified")).ToHaveTextAsync("Not certified");
        Assert.False((await world.LabelAsync(staff.VendorId)).GetProperty("certified").GetBoolean());
        Assert.Equal(["Applied", "Approved", "Revoked"], await world.AuditActionsAsync(staff.VendorId));

        var again = await CertificationWorld.PostAgainAsync(admin, $"/admin/certifications/{applicationId}?handler=Revoke", new() { ["RevokeReason"] = "Pay ratio no longer met." });
        Assert.Equal(302, again.Status);
        await admin.ReloadAsync();
        await Expect(admin.GetByRole(AriaRole.Status)).ToHaveTextAsync("Revoked Ropeworks holds no valid certificate now: nothing changed.");
        Assert.Equal(["Applied", "Approved", "Revoked"], await world.AuditActionsAsync(staff.VendorId));
    }

    [Fact]
    public async Task Revoking_is_offered_only_on_the_application_the_current_certificate_was_issued_on()
    {
        var staff = await world.NewVendorStaffAsync("Twice-Asked Tannery");
        var rejected = await staff.ApplyAsync();
        var issuedOn = Guid.Empty;
        using (var api = await world.AdminAsync())
        {
            var refused = await api.PostAsync(new Uri($"/api/catalog/certification/applications/{rejected}/reject", UriKind.Relative), System.Net.Http.Json.JsonContent.Create(new { notes = "Evidence missing." }));
            Assert.True(refused.IsSuccessStatusCode, $"reject: {(int)refused.StatusCode}");
            issuedOn = await staff.ApplyAsync();
            var approved = await api.PostAsync(new Uri($"/api/catalog/certification/applications/{issuedOn}/approve", UriKind.Relative), System.Net.Http.Json.JsonContent.Create(new { notes = "ok" }));
            Assert.True(approved.IsSuccessStatusCode, $"approve: {(int)approved.StatusCode}");
        }

        var admin = await world.SignedInPageAsync(world.AdminEmail, $"/admin/certifications/{rejected}");

        await Expect(admin.GetByRole(AriaRole.Button, new() { Name = "Revoke the certificate" })).ToHaveCountAsync(0);
        await admin.GetByRole(AriaRole.Link, new() { Name = "another application" }).ClickAsync();
        await Expect(admin).ToHaveURLAsync(new Regex($"/admin/certifications/{issuedOn}$"));
        await Expect(admin.GetByRole(AriaRole.Button, new() { Name = "Revoke the certificate" })).ToBeVisibleAsync();

        // A revocation sent from the rejected application's page anyway changes nothing.
        var forged = await CertificationWorld.PostAgainAsync(admin, $"/admin/certifications/{rejected}?handler=Revoke", new() { ["RevokeReason"] = "Wrong page." });
        Assert.Equal(302, forged.Status);
        Assert.True((await world.LabelAsync(staff.VendorId)).GetProperty("certified").GetBoolean());
        Assert.Equal(["Applied", "Rejected", "Applied", "Approved"], await world.AuditActionsAsync(staff.VendorId));
    }

    [Fact]
    public async Task A_member_who_is_not_an_administrator_is_refused_the_certification_pages()
    {
        var staff = await world.NewVendorStaffAsync("Ambitious Bakery");
        var applicationId = await staff.ApplyAsync();
        var page = await world.SignedInPageAsync(staff.Email, $"/me/vendors/{staff.VendorId}/certification");

        foreach (var path in (string[])["/admin/certifications", $"/admin/certifications/{applicationId}"])
        {
            var answer = await page.GotoAsync(path);
            Assert.Equal(403, answer!.Status);
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Not for this account");
        }

        var approve = await CertificationWorld.PostAgainAsync(page, $"/admin/certifications/{applicationId}?handler=Approve", new() { ["ApproveNotes"] = "Self-approved." });
        Assert.Equal(302, approve.Status);
        Assert.Contains("/denied", approve.Headers["location"], StringComparison.Ordinal);
        Assert.Equal("Submitted", (await world.ApplicationAsync(applicationId)).GetProperty("status").GetString());
        Assert.Equal(["Applied"], await world.AuditActionsAsync(staff.VendorId));
    }

    [Theory]
    [InlineData("https://example.coop/minutes", true)]
    [InlineData("http://example.coop/", true)]
    [InlineData("javascript:alert(1)", false)]
    [InlineData("data:text/html,<b>x</b>", false)]
    [InlineData("/relative/path", false)]
    [InlineData("example.coop", false)]
    public void Only_an_absolute_http_address_is_offered_as_a_link(string link, bool offered) =>
        Assert.Equal(offered, SolidarityMarket.Web.Certification.EvidenceLink.Http(link) is not null);
}
