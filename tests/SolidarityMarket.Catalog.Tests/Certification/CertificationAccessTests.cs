using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SolidarityMarket.ServiceDefaults.Auth;
using static SolidarityMarket.Catalog.Tests.CatalogApi;

namespace SolidarityMarket.Catalog.Tests.Certification;

/// <summary>
/// Per-object authorization: only a vendor's staff apply for it and withdraw; only administrators decide, and not
/// for a vendor whose staff they are; the audit trail is for the vendor's staff and administrators. A refused
/// request changes nothing.
/// </summary>
public sealed class CertificationAccessTests(CatalogHost host) : IClassFixture<CatalogHost>
{
    [Fact]
    public async Task Another_vendors_staff_cannot_apply_withdraw_read_or_see_the_audit()
    {
        var (staff, _) = await host.SignInAsNewUserAsync(Roles.Vendor);
        var (otherStaff, _) = await host.SignInAsNewUserAsync(Roles.Vendor);
        var (member, _) = await host.SignInAsNewUserAsync(Roles.Member);
        var vendor = await staff.RegisterVendorAsync("Staffed Co-op");
        await otherStaff.RegisterVendorAsync("Other Co-op");
        var before = await host.CertificationSnapshotAsync(vendor.Id);

        await AssertProblemAsync(await otherStaff.ApplyAsync(vendor.Id), HttpStatusCode.Forbidden);
        await AssertProblemAsync(await member.ApplyAsync(vendor.Id), HttpStatusCode.Forbidden);
        await AssertProblemAsync(await otherStaff.AuditAsync(vendor.Id), HttpStatusCode.Forbidden);
        await AssertProblemAsync(await member.AuditAsync(vendor.Id), HttpStatusCode.Forbidden);
        await AssertProblemAsync(await otherStaff.ApplyAsync(Guid.NewGuid()), HttpStatusCode.NotFound);
        await AssertProblemAsync(await otherStaff.AuditAsync(Guid.NewGuid()), HttpStatusCode.NotFound);
        await host.AssertUnchangedAsync(vendor.Id, before);

        var application = await staff.ApplyOkAsync(vendor.Id);
        before = await host.CertificationSnapshotAsync(vendor.Id);
        await AssertProblemAsync(await otherStaff.GetAsync($"{Base}/certification/applications/{application.Id}"), HttpStatusCode.NotFound);
        await AssertProblemAsync(await otherStaff.WithdrawAsync(application.Id), HttpStatusCode.NotFound);
        await host.AssertUnchangedAsync(vendor.Id, before);
        Assert.Equal(HttpStatusCode.OK, (await staff.GetAsync($"{Base}/certification/applications/{application.Id}")).StatusCode);
    }

    [Fact]
    public async Task Only_administrators_decide_and_never_for_their_own_vendor()
    {
        var (staff, _) = await host.SignInAsNewUserAsync(Roles.Vendor);
        var (member, _) = await host.SignInAsNewUserAsync(Roles.Member);
        var (admin, _) = await host.SignInAsNewUserAsync(Roles.Admin);
        var (staffAdmin, _) = await host.SignInAsNewUserAsync(Roles.Admin);
        var vendor = await staffAdmin.RegisterVendorAsync("Admin's Own Co-op"); // the administrator is its staff
        var application = await staffAdmin.ApplyOkAsync(vendor.Id);
        var before = await host.CertificationSnapshotAsync(vendor.Id);

        await AssertProblemAsync(await member.ApproveAsync(application.Id), HttpStatusCode.Forbidden);
        await AssertProblemAsync(await staff.ApproveAsync(application.Id), HttpStatusCode.Forbidden);
        await AssertProblemAsync(await member.RejectAsync(application.Id, "no"), HttpStatusCode.Forbidden);
        await AssertProblemAsync(await staffAdmin.ApproveAsync(application.Id), HttpStatusCode.Forbidden);
        await AssertProblemAsync(await staffAdmin.RejectAsync(application.Id, "no"), HttpStatusCode.Forbidden);
        await AssertProblemAsync(await member.GetAsync($"{Base}/certification/applications"), HttpStatusCode.Forbidden);
        await AssertProblemAsync(await admin.ApproveAsync(Guid.NewGuid()), HttpStatusCode.NotFound);
        await host.AssertUnchangedAsync(vendor.Id, before);
        Assert.False((await host.Anonymous().LabelAsync(vendor.Id)).Certified);

        // Another administrator sees it in the review queue and approves; then only administrators revoke.
        var queue = JsonDocument.Parse(await admin.GetStringAsync($"{Base}/certification/applications?vendorId={vendor.Id}")).RootElement;
        Assert.Equal(application.Id, queue.GetProperty("items")[0].GetProperty("id").GetGuid());
        await admin.ApproveOkAsync(application.Id);
        before = await host.CertificationSnapshotAsync(vendor.Id);
        await AssertProblemAsync(await member.RevokeAsync(vendor.Id, "no"), HttpStatusCode.Forbidden);
        await AssertProblemAsync(await staff.RevokeAsync(vendor.Id, "no"), HttpStatusCode.Forbidden);
        await AssertProblemAsync(await staffAdmin.RevokeAsync(vendor.Id, "no"), HttpStatusCode.Forbidden);
        await host.AssertUnchangedAsync(vendor.Id, before);
        Assert.True((await host.Anonymous().LabelAsync(vendor.Id)).Certified);

        // Administrators read every vendor's audit; the staff user of another vendor does not.
        Assert.Equal(["Applied", "Approved"], (await admin.AuditOkAsync(vendor.Id)).Select(e => e.Action));
        await AssertProblemAsync(await staff.AuditAsync(vendor.Id), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Two_concurrent_applications_of_one_vendor_leave_exactly_one_open()
    {
        var (staff, _) = await host.SignInAsNewUserAsync(Roles.Vendor);
        var vendor = await staff.RegisterVendorAsync("Racing Co-op");

        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => staff.ApplyAsync(vendor.Id)));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.Created), r => Assert.Equal(HttpStatusCode.Conflict, r.StatusCode));
        Assert.Equal(1, await host.WithCatalogAsync(db => db.CertificationApplications.CountAsync(a => a.VendorId == vendor.Id)));
    }

    [Fact]
    public async Task The_public_label_carries_no_evidence_and_the_audit_is_not_public()
    {
        var (staff, _) = await host.SignInAsNewUserAsync(Roles.Vendor);
        var (admin, _) = await host.SignInAsNewUserAsync(Roles.Admin);
        var vendor = await staff.RegisterVendorAsync("Label Co-op");
        await admin.ApproveOkAsync((await staff.ApplyOkAsync(vendor.Id)).Id);

        var response = await host.Anonymous().GetAsync($"{Base}/vendors/{vendor.Id}/certification");
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(["vendorId", "certified", "label", "validUntil"], json.EnumerateObject().Select(p => p.Name));
        Assert.DoesNotContain("assembly", json.GetRawText(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.Anonymous().AuditAsync(vendor.Id)).StatusCode);
        await AssertProblemAsync(await host.Anonymous().GetAsync($"{Base}/vendors/{Guid.NewGuid()}/certification"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_audit_trail_is_append_only()
    {
        var (staff, _) = await host.SignInAsNewUserAsync(Roles.Vendor);
        var vendor = await staff.RegisterVendorAsync("Append-only Co-op");
        await staff.ApplyOkAsync(vendor.Id);

        await host.WithCatalogAsync(async db =>
        {
            var entry = await db.CertificationAudit.SingleAsync(e => e.VendorId == vendor.Id);
            entry.Notes = "rewritten";
            await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync());
            db.ChangeTracker.Clear();
            db.CertificationAudit.Remove(await db.CertificationAudit.SingleAsync(e => e.VendorId == vendor.Id));
            await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync());
            return 0;
        });
        Assert.Null(Assert.Single(await staff.AuditOkAsync(vendor.Id)).Notes);
    }
}
