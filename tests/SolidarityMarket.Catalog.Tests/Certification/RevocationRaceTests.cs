using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SolidarityMarket.Catalog.Data;
using SolidarityMarket.Catalog.Features.Certification;
using SolidarityMarket.ServiceDefaults.Auth;
using static SolidarityMarket.Catalog.Tests.CatalogApi;

namespace SolidarityMarket.Catalog.Tests.Certification;

/// <summary>
/// Found by a review (now fixed): docs/catalog.md, "Revoke": the revocation rejects the vendor's submitted renewal "in the same transaction
/// ... approving one afterwards would issue a fresh certificate and undo the revocation". An approval that read the
/// renewal as submitted just before the revocation committed reads the vendor (and its certificates) after it, so the
/// vendor's CertificationVersion does not stop it: it approves the rejected renewal and certifies the vendor again.
/// Own host: the clock moves to the renewal window.
/// </summary>
public sealed class RevocationRaceTests(CatalogHost host) : IClassFixture<CatalogHost>
{
    [Fact]
    public async Task An_approval_racing_a_revocation_does_not_undo_it()
    {
        var staffUser = await host.NewUserAsync(Roles.Vendor);
        var adminUser = await host.NewUserAsync(Roles.Admin);
        var otherAdminUser = await host.NewUserAsync(Roles.Admin);
        var (staff, admin) = (await host.ClientAsync(staffUser), await host.ClientAsync(adminUser));
        var vendor = await staff.RegisterVendorAsync("Revoked Renewers");
        var old = await admin.ApproveOkAsync((await staff.ApplyOkAsync(vendor.Id)).Id);
        host.Clock.SetUtcNow(old.ValidUntil - TimeSpan.FromDays(20));
        (staff, var otherAdmin) = (await host.ClientAsync(staffUser), await host.ClientAsync(otherAdminUser));
        var renewal = await staff.ApplyOkAsync(vendor.Id);

        var clock = new CertificationDecisionRaceTests.HookClock(host.Clock, async () =>
            Assert.Equal(HttpStatusCode.OK, (await otherAdmin.RevokeAsync(vendor.Id, "Governance changed.")).StatusCode));
        await using var scope = host.Services.CreateAsyncScope();
        var result = await ApproveCertificationApplication.Handle(
            renewal.Id, new ApproveCertificationApplication.ApproveApplicationRequest("Renewed."), CertificationDecisionRaceTests.Admin(adminUser),
            scope.ServiceProvider.GetRequiredService<CatalogDbContext>(), scope.ServiceProvider.GetRequiredService<CertificationAccess>(),
            clock, CancellationToken.None);

        Assert.True(clock.Fired);
        Assert.False((await host.Anonymous().LabelAsync(vendor.Id)).Certified);
        var status = await host.WithCatalogAsync(async db =>
            (await db.CertificationApplications.AsNoTracking().SingleAsync(a => a.Id == renewal.Id)).Status);
        Assert.Equal(CertificationApplicationStatus.Rejected, status);
        Assert.IsType<Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult>(result.Result);
    }
}
