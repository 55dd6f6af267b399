using System.Net;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SolidarityMarket.Catalog.Data;
using SolidarityMarket.Catalog.Features.Certification;
using SolidarityMarket.ServiceDefaults.Auth;
using static SolidarityMarket.Catalog.Tests.CatalogApi;

namespace SolidarityMarket.Catalog.Tests.Certification;

/// <summary>
/// Found by a review (now fixed): a decision on an application reads the application before the vendor, so a change committed between the
/// two reads is not caught by the vendor's CertificationVersion (it was read after the change), and the application
/// row has no concurrency token of its own. docs/catalog.md, "Consistency": "When two changes to the same vendor's
/// certification race, one of them fails: the API answers 409 concurrent-change".
/// The handlers are called directly with a clock whose first reading lets the other change commit: each handler
/// reads the clock exactly between its application read and its vendor read.
/// </summary>
public sealed class CertificationDecisionRaceTests(CatalogHost host) : IClassFixture<CatalogHost>
{
    [Fact]
    public async Task An_approval_racing_a_withdrawal_does_not_certify_the_withdrawn_application()
    {
        var staffUser = await host.NewUserAsync(Roles.Vendor);
        var adminUser = await host.NewUserAsync(Roles.Admin);
        var staff = await host.ClientAsync(staffUser);
        var vendor = await staff.RegisterVendorAsync("Withdrawing Weavers");
        var application = await staff.ApplyOkAsync(vendor.Id);

        var clock = new HookClock(host.Clock, async () =>
            Assert.Equal(HttpStatusCode.OK, (await staff.WithdrawAsync(application.Id)).StatusCode));
        await using var scope = host.Services.CreateAsyncScope();
        var result = await ApproveCertificationApplication.Handle(
            application.Id, new ApproveCertificationApplication.ApproveApplicationRequest("Looks good."), Admin(adminUser),
            scope.ServiceProvider.GetRequiredService<CatalogDbContext>(), scope.ServiceProvider.GetRequiredService<CertificationAccess>(),
            clock, CancellationToken.None);

        Assert.True(clock.Fired);
        var (status, certificates) = await host.WithCatalogAsync(async db => (
            (await db.CertificationApplications.AsNoTracking().SingleAsync(a => a.Id == application.Id)).Status,
            await db.Certificates.AsNoTracking().CountAsync(c => c.VendorId == vendor.Id)));
        Assert.Equal((CertificationApplicationStatus.Withdrawn, 0), (status, certificates));
        Assert.IsType<Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult>(result.Result);
    }

    [Fact]
    public async Task A_rejection_racing_an_approval_does_not_mark_the_approved_application_rejected()
    {
        var staffUser = await host.NewUserAsync(Roles.Vendor);
        var adminUser = await host.NewUserAsync(Roles.Admin);
        var otherAdminUser = await host.NewUserAsync(Roles.Admin);
        var (staff, otherAdmin) = (await host.ClientAsync(staffUser), await host.ClientAsync(otherAdminUser));
        var vendor = await staff.RegisterVendorAsync("Doubly Decided Potters");
        var application = await staff.ApplyOkAsync(vendor.Id);

        var clock = new HookClock(host.Clock, async () => await otherAdmin.ApproveOkAsync(application.Id));
        await using var scope = host.Services.CreateAsyncScope();
        var result = await RejectCertificationApplication.Handle(
            application.Id, new RejectCertificationApplication.RejectApplicationRequest("Evidence missing."), Admin(adminUser),
            scope.ServiceProvider.GetRequiredService<CatalogDbContext>(), scope.ServiceProvider.GetRequiredService<CertificationAccess>(),
            clock, CancellationToken.None);

        Assert.True(clock.Fired);
        var status = await host.WithCatalogAsync(async db =>
            (await db.CertificationApplications.AsNoTracking().SingleAsync(a => a.Id == application.Id)).Status);
        // The certificate issued for it is valid; the application must not end up "Rejected" next to it.
        Assert.True((await host.Anonymous().LabelAsync(vendor.Id)).Certified);
        Assert.Equal(CertificationApplicationStatus.Approved, status);
        Assert.IsType<Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult>(result.Result);
    }

    internal static ClaimsPrincipal Admin(TestUser user) => new(new ClaimsIdentity(
        [new Claim(ClaimTypes.NameIdentifier, user.Id), new Claim(ClaimTypes.Role, Roles.Admin)], "test"));

    /// <summary>The host's clock; its first reading first runs <paramref name="hook"/> to completion (on the pool).</summary>
    internal sealed class HookClock(TimeProvider inner, Func<Task> hook) : TimeProvider
    {
        private int _fired;

        public bool Fired => Volatile.Read(ref _fired) == 1;

        public override DateTimeOffset GetUtcNow()
        {
            if (Interlocked.Exchange(ref _fired, 1) == 0)
            {
                Task.Run(hook).GetAwaiter().GetResult();
            }

            return inner.GetUtcNow();
        }
    }
}
