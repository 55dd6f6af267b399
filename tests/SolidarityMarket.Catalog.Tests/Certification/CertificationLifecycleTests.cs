using System.Net;
using System.Text.Json;
using Hangfire;
using Hangfire.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SolidarityMarket.Catalog.Data;
using SolidarityMarket.Catalog.Features.Certification;
using SolidarityMarket.Catalog.Jobs;
using SolidarityMarket.Contracts.Catalog;
using SolidarityMarket.ServiceDefaults.Auth;
using SolidarityMarket.Testing;
using static SolidarityMarket.Catalog.Tests.CatalogApi;

namespace SolidarityMarket.Catalog.Tests.Certification;

/// <summary>
/// The whole "Solidarity Made" lifecycle on a fake clock: apply, approve, remind 30 days before expiry, expire at
/// valid-until (once), re-apply, revoke, re-apply after revocation and rejection, withdraw — with the audit trail,
/// the public label, the events in Catalog's outbox and Ordering's copy following along.
/// </summary>
public sealed class CertificationLifecycleTests(CatalogHost host) : IClassFixture<CatalogHost>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public void The_fake_clock_replaces_the_system_clock_and_the_job_is_scheduled_hourly_on_the_catalog_queue()
    {
        Assert.Same(host.Clock, host.Services.GetRequiredService<TimeProvider>());

        var job = Assert.Single(host.ScheduledAtStart, j => j.Id == CertificationExpiry.JobId);
        Assert.Equal("catalog", job.Job.Queue); // Hangfire 1.8 keeps the queue on the job (the DTO's Queue is the legacy field)
        Assert.Equal(Cron.Hourly(), job.Cron); // daily let an expiry come up to 24 hours late
    }

    [Fact]
    public async Task Apply_approve_remind_expire_reapply_revoke_reapply_reject_withdraw()
    {
        var staffUser = await host.NewUserAsync(Roles.Vendor);
        var adminUser = await host.NewUserAsync(Roles.Admin);
        var staff = await host.ClientAsync(staffUser);
        var admin = await host.ClientAsync(adminUser);
        var anonymous = host.Anonymous();
        var vendor = await staff.RegisterVendorAsync();
        Assert.Equal(new(vendor.Id, false, null, null), await anonymous.LabelAsync(vendor.Id));

        // Apply: the application is stamped with the fake clock; a second one while it is open is refused.
        var start = host.Clock.GetUtcNow();
        var first = await staff.ApplyOkAsync(vendor.Id);
        Assert.Equal(("Submitted", staffUser.Id, start), (first.Status, first.SubmittedBy, first.SubmittedAt));
        Assert.Equal(5, first.Answers.Count);
        await AssertProblemAsync(await staff.ApplyAsync(vendor.Id), HttpStatusCode.Conflict, "application-open");

        // Approve: valid for 12 months, VendorCertified once, the public label shows it, Ordering follows.
        host.Clock.Advance(TimeSpan.FromHours(2));
        (staff, admin) = (await host.ClientAsync(staffUser), await host.ClientAsync(adminUser));
        var issuedAt = host.Clock.GetUtcNow();
        var certificate = await admin.ApproveOkAsync(first.Id, "All five criteria well evidenced.");
        Assert.Equal(("Valid", issuedAt, issuedAt.AddMonths(12)), (certificate.Status, certificate.IssuedAt, certificate.ValidUntil));
        Assert.Equal(new(vendor.Id, true, "Solidarity Made", certificate.ValidUntil), await anonymous.LabelAsync(vendor.Id));
        Assert.Equal(1, await host.OutboxCountAsync<VendorCertified>(certificate.Id));
        await Eventually.TrueAsync(async () => await staff.OrderingSaysCertifiedAsync(vendor.Id) == true, Timeout, "Ordering to see the certificate");
        await AssertProblemAsync(await staff.ApplyAsync(vendor.Id), HttpStatusCode.Conflict, "already-certified");
        await AssertProblemAsync(await admin.ApproveAsync(first.Id), HttpStatusCode.Conflict, "application-decided");

        // One day before the reminder window: nothing. At 30 days before expiry: one reminder, never a second.
        host.Clock.SetUtcNow(certificate.ValidUntil - TimeSpan.FromDays(31));
        Assert.Equal(new(0, 0), await host.RunCertificationJobAsync());
        host.Clock.SetUtcNow(certificate.ValidUntil - TimeSpan.FromDays(30));
        Assert.Equal(new(1, 0), await host.RunCertificationJobAsync());
        Assert.Equal(new(0, 0), await host.RunCertificationJobAsync());
        Assert.Equal(1, await host.OutboxCountAsync<VendorCertificationExpiring>(certificate.Id));
        Assert.True((await anonymous.LabelAsync(vendor.Id)).Certified);

        // Just before valid-until it still counts; at valid-until it no longer does, even before the job runs.
        host.Clock.SetUtcNow(certificate.ValidUntil - TimeSpan.FromSeconds(1));
        Assert.Equal(new(0, 0), await host.RunCertificationJobAsync());
        Assert.True((await anonymous.LabelAsync(vendor.Id)).Certified);
        host.Clock.SetUtcNow(certificate.ValidUntil);
        Assert.Equal(new(vendor.Id, false, null, null), await anonymous.LabelAsync(vendor.Id));

        // The job expires it exactly once, with ExpiredAt = valid-until; Ordering's copy records the end.
        host.Clock.Advance(TimeSpan.FromHours(3));
        Assert.Equal(new(0, 1), await host.RunCertificationJobAsync());
        Assert.Equal(new(0, 0), await host.RunCertificationJobAsync());
        Assert.Equal(1, await host.OutboxCountAsync<VendorCertificationExpired>(certificate.Id));
        var expiredEvent = await host.WithCatalogAsync(db => db.OutboxMessages.AsNoTracking()
            .SingleAsync(m => m.MessageType == typeof(VendorCertificationExpired).FullName));
        Assert.Equal(certificate.ValidUntil, JsonSerializer.Deserialize<VendorCertificationExpired>(expiredEvent.Body, JsonSerializerOptions.Web)!.ExpiredAt);
        var stored = await host.WithCatalogAsync(db => db.Certificates.AsNoTracking().SingleAsync(c => c.Id == certificate.Id));
        Assert.Equal((CertificateStatus.Expired, certificate.ValidUntil), (stored.Status, stored.EndedAt));
        await Eventually.TrueAsync(
            () => host.WithOrderingAsync(db => db.Vendors.AsNoTracking().AnyAsync(v => v.VendorId == vendor.Id && !v.Certified && v.CertificateId == certificate.Id)),
            Timeout, "Ordering to record the expiry");

        // Re-apply after expiry; the new certificate has a greater id (consumers order certificates by it).
        (staff, admin) = (await host.ClientAsync(staffUser), await host.ClientAsync(adminUser));
        var second = await staff.ApplyOkAsync(vendor.Id);
        var renewed = await admin.ApproveOkAsync(second.Id, notes: null);
        Assert.True(renewed.Id.CompareTo(certificate.Id) > 0);
        Assert.Equal(host.Clock.GetUtcNow().AddMonths(12), renewed.ValidUntil);
        Assert.True((await anonymous.LabelAsync(vendor.Id)).Certified);
        await Eventually.TrueAsync(async () => await staff.OrderingSaysCertifiedAsync(vendor.Id) == true, Timeout, "Ordering to see the renewed certificate");

        // Revoke: with a reason, once; the label and Ordering follow.
        host.Clock.Advance(TimeSpan.FromDays(40));
        (staff, admin) = (await host.ClientAsync(staffUser), await host.ClientAsync(adminUser));
        await AssertProblemAsync(await admin.RevokeAsync(vendor.Id, reason: " "), HttpStatusCode.BadRequest);
        var revoked = await OkAsync<CertificateDto>(await admin.RevokeAsync(vendor.Id, "Pay ratio no longer met (report of 2027-05)."));
        Assert.Equal(("Revoked", host.Clock.GetUtcNow(), "Pay ratio no longer met (report of 2027-05)."), (revoked.Status, revoked.EndedAt, revoked.RevocationReason));
        Assert.Equal(renewed.Id, revoked.Id);
        Assert.False((await anonymous.LabelAsync(vendor.Id)).Certified);
        Assert.Equal(1, await host.OutboxCountAsync<VendorCertificationRevoked>(renewed.Id));
        await AssertProblemAsync(await admin.RevokeAsync(vendor.Id, "again"), HttpStatusCode.Conflict, "not-certified");
        await Eventually.TrueAsync(async () => await staff.OrderingSaysCertifiedAsync(vendor.Id) == false, Timeout, "Ordering to see the revocation");

        // The job never touches a revoked certificate, even past its valid-until.
        host.Clock.SetUtcNow(renewed.ValidUntil.AddDays(1));
        Assert.Equal(new(0, 0), await host.RunCertificationJobAsync());
        Assert.Equal(0, await host.OutboxCountAsync<VendorCertificationExpired>(renewed.Id));

        // Re-apply after revocation, be rejected (notes required), re-apply, withdraw.
        (staff, admin) = (await host.ClientAsync(staffUser), await host.ClientAsync(adminUser));
        var third = await staff.ApplyOkAsync(vendor.Id);
        await AssertProblemAsync(await admin.RejectAsync(third.Id, notes: null), HttpStatusCode.BadRequest);
        var rejected = await OkAsync<CertificationApplicationDto>(await admin.RejectAsync(third.Id, "Show the new pay scale first."));
        Assert.Equal(("Rejected", adminUser.Id, "Show the new pay scale first."), (rejected.Status, rejected.DecidedBy, rejected.DecisionNotes));
        await AssertProblemAsync(await admin.ApproveAsync(third.Id), HttpStatusCode.Conflict, "application-decided");
        var fourth = await staff.ApplyOkAsync(vendor.Id);
        var withdrawn = await OkAsync<CertificationApplicationDto>(await staff.WithdrawAsync(fourth.Id));
        Assert.Equal("Withdrawn", withdrawn.Status);
        Assert.False((await anonymous.LabelAsync(vendor.Id)).Certified);

        // Every step is in the audit trail, in order, with who did it; staff and administrators read the same.
        var audit = await staff.AuditOkAsync(vendor.Id);
        Assert.Equal(
            ["Applied", "Approved", "ReminderSent", "Expired", "Applied", "Approved", "Revoked", "Applied", "Rejected", "Applied", "Withdrawn"],
            audit.Select(e => e.Action));
        Assert.Equal(
            [staffUser.Id, adminUser.Id, null, null, staffUser.Id, adminUser.Id, adminUser.Id, staffUser.Id, adminUser.Id, staffUser.Id, staffUser.Id],
            audit.Select(e => e.ActorUserId));
        Assert.Equal("All five criteria well evidenced.", audit[1].Notes);
        Assert.Equal("Pay ratio no longer met (report of 2027-05).", audit[6].Notes);
        Assert.Equal("Show the new pay scale first.", audit[8].Notes);
        Assert.Equal(certificate.Id, audit[3].CertificateId);
        Assert.Equal(audit.Select(e => e.Id), (await admin.AuditOkAsync(vendor.Id)).Select(e => e.Id));
    }
}
