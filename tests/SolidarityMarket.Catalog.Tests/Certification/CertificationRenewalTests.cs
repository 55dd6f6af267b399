using System.Net;
using Microsoft.EntityFrameworkCore;
using SolidarityMarket.Catalog.Features.Certification;
using SolidarityMarket.Catalog.Data;
using SolidarityMarket.Contracts.Catalog;
using SolidarityMarket.ServiceDefaults.Auth;
using SolidarityMarket.Testing;
using static SolidarityMarket.Catalog.Tests.CatalogApi;

namespace SolidarityMarket.Catalog.Tests.Certification;

/// <summary>
/// Renewing "Solidarity Made" before it lapses: the vendor may apply from the reminder (30 days before valid-until);
/// the approved renewal replaces the old certificate and runs 12 months from the old valid-until, so the label,
/// search and Ordering's card check never see a gap, and the old certificate is never expired or counted again.
/// </summary>
public sealed class CertificationRenewalTests(CatalogHost host) : IClassFixture<CatalogHost>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_renewal_in_the_last_30_days_continues_the_certificate_without_a_gap()
    {
        var staffUser = await host.NewUserAsync(Roles.Vendor);
        var adminUser = await host.NewUserAsync(Roles.Admin);
        var (staff, admin) = (await host.ClientAsync(staffUser), await host.ClientAsync(adminUser));
        var vendor = await staff.RegisterVendorAsync("Renewing Weavers");
        var old = await admin.ApproveOkAsync((await staff.ApplyOkAsync(vendor.Id)).Id);

        // Before the renewal window: refused, and the answer says when it opens.
        host.Clock.SetUtcNow(old.ValidUntil - TimeSpan.FromDays(31));
        (staff, admin) = (await host.ClientAsync(staffUser), await host.ClientAsync(adminUser));
        var early = await AssertProblemAsync(await staff.ApplyAsync(vendor.Id), HttpStatusCode.Conflict, "already-certified");
        Assert.Contains("renew from", early.GetProperty("detail").GetString(), StringComparison.Ordinal);

        // From the reminder on, the vendor may apply; the administrator approves ten days before the old end.
        host.Clock.SetUtcNow(old.ValidUntil - TimeSpan.FromDays(30));
        (staff, admin) = (await host.ClientAsync(staffUser), await host.ClientAsync(adminUser));
        var application = await staff.ApplyOkAsync(vendor.Id);
        host.Clock.SetUtcNow(old.ValidUntil - TimeSpan.FromDays(10));
        (staff, admin) = (await host.ClientAsync(staffUser), await host.ClientAsync(adminUser));
        var renewal = await admin.ApproveOkAsync(application.Id, "Renewed on updated evidence.");

        Assert.True(renewal.Id.CompareTo(old.Id) > 0);
        Assert.Equal((host.Clock.GetUtcNow(), old.ValidUntil.AddMonths(12)), (renewal.IssuedAt, renewal.ValidUntil));
        var replaced = await host.WithCatalogAsync(db => db.Certificates.AsNoTracking().SingleAsync(c => c.Id == old.Id));
        Assert.Equal((CertificateStatus.Renewed, host.Clock.GetUtcNow()), (replaced.Status, replaced.EndedAt));
        Assert.Equal(new(vendor.Id, true, "Solidarity Made", renewal.ValidUntil), await host.Anonymous().LabelAsync(vendor.Id));
        Assert.Equal(1, await host.OutboxCountAsync<VendorCertified>(renewal.Id));
        await Eventually.TrueAsync(
            () => host.WithOrderingAsync(db => db.Vendors.AsNoTracking().AnyAsync(v => v.VendorId == vendor.Id && v.Certified && v.CertificateId == renewal.Id && v.CertifiedUntil == renewal.ValidUntil)),
            Timeout, "Ordering to follow the renewal");

        // Past the old valid-until: still certified, and the job expires neither certificate (the old one has
        // ended). The job is checked per certificate, not by its total: the class's other test shares the host and
        // its clock, and its certificates may fall due at this very moment.
        host.Clock.SetUtcNow(old.ValidUntil + TimeSpan.FromHours(1));
        Assert.True((await host.Anonymous().LabelAsync(vendor.Id)).Certified);
        await host.RunCertificationJobAsync();
        Assert.True((await host.Anonymous().LabelAsync(vendor.Id)).Certified);
        Assert.Equal(CertificateStatus.Renewed, (await host.WithCatalogAsync(db => db.Certificates.AsNoTracking().SingleAsync(c => c.Id == old.Id))).Status);
        Assert.Equal(0, await host.OutboxCountAsync<VendorCertificationExpired>(old.Id));
        Assert.Equal(0, await host.OutboxCountAsync<VendorCertificationExpired>(renewal.Id));

        // Revocation ends the renewal, the one certificate that counts; nothing older comes back.
        (staff, admin) = (await host.ClientAsync(staffUser), await host.ClientAsync(adminUser));
        var revoked = await OkAsync<CertificateDto>(await admin.RevokeAsync(vendor.Id, "Governance changed."));
        Assert.Equal(renewal.Id, revoked.Id);
        Assert.False((await host.Anonymous().LabelAsync(vendor.Id)).Certified);

        var audit = await staff.AuditOkAsync(vendor.Id);
        Assert.Equal(["Applied", "Approved", "Applied", "Approved", "Renewed", "Revoked"], audit.Select(e => e.Action));
        Assert.Equal(old.Id, audit[4].CertificateId);
    }

    /// <summary>
    /// A renewal applied for in the last 30 days stayed open through a revocation, and approving it issued a fresh
    /// certificate: the revocation undone. The revocation now rejects the vendor's open applications in its
    /// transaction, each with an audit entry, so the approval answers 409.
    /// </summary>
    [Fact]
    public async Task A_revocation_closes_a_pending_renewal_so_it_cannot_be_approved_afterwards()
    {
        var staffUser = await host.NewUserAsync(Roles.Vendor);
        var adminUser = await host.NewUserAsync(Roles.Admin);
        var (staff, admin) = (await host.ClientAsync(staffUser), await host.ClientAsync(adminUser));
        var vendor = await staff.RegisterVendorAsync("Revoked Weavers");
        var old = await admin.ApproveOkAsync((await staff.ApplyOkAsync(vendor.Id)).Id);
        host.Clock.SetUtcNow(old.ValidUntil - TimeSpan.FromDays(20));
        (staff, admin) = (await host.ClientAsync(staffUser), await host.ClientAsync(adminUser));
        var renewal = await staff.ApplyOkAsync(vendor.Id);

        await OkAsync<CertificateDto>(await admin.RevokeAsync(vendor.Id, "Pay ratio broken."));
        var before = await host.CertificationSnapshotAsync(vendor.Id);
        await AssertProblemAsync(await admin.ApproveAsync(renewal.Id), HttpStatusCode.Conflict, "application-decided");

        await host.AssertUnchangedAsync(vendor.Id, before);
        Assert.False((await host.Anonymous().LabelAsync(vendor.Id)).Certified);
        var audit = await staff.AuditOkAsync(vendor.Id);
        Assert.Equal(["Applied", "Approved", "Applied", "Revoked", "Rejected"], audit.Select(e => e.Action));
        Assert.Equal(renewal.Id, audit[4].ApplicationId);
        // The vendor may apply again; that new application can be approved.
        await admin.ApproveOkAsync((await staff.ApplyOkAsync(vendor.Id)).Id);
    }

    [Fact]
    public async Task An_application_submitted_in_the_window_but_decided_after_the_old_end_starts_from_the_decision()
    {
        var staffUser = await host.NewUserAsync(Roles.Vendor);
        var adminUser = await host.NewUserAsync(Roles.Admin);
        var (staff, admin) = (await host.ClientAsync(staffUser), await host.ClientAsync(adminUser));
        var vendor = await staff.RegisterVendorAsync("Late Deciders");
        var old = await admin.ApproveOkAsync((await staff.ApplyOkAsync(vendor.Id)).Id);

        host.Clock.SetUtcNow(old.ValidUntil - TimeSpan.FromDays(5));
        staff = await host.ClientAsync(staffUser);
        var application = await staff.ApplyOkAsync(vendor.Id);
        host.Clock.SetUtcNow(old.ValidUntil + TimeSpan.FromDays(3));
        admin = await host.ClientAsync(adminUser);
        var decidedAt = host.Clock.GetUtcNow();

        var renewal = await admin.ApproveOkAsync(application.Id);

        // The old certificate lapsed before the decision: it expires (once), and the new one counts from now.
        Assert.Equal(decidedAt.AddMonths(12), renewal.ValidUntil);
        var lapsed = await host.WithCatalogAsync(db => db.Certificates.AsNoTracking().SingleAsync(c => c.Id == old.Id));
        Assert.Equal((CertificateStatus.Expired, old.ValidUntil), (lapsed.Status, lapsed.EndedAt));
        Assert.Equal(1, await host.OutboxCountAsync<VendorCertificationExpired>(old.Id));
    }
}
