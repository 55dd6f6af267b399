using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using SolidarityMarket.Catalog.Data;
using SolidarityMarket.Catalog.Jobs;
using SolidarityMarket.Contracts.Catalog;
using SolidarityMarket.ServiceDefaults.Auth;
using static SolidarityMarket.Catalog.Tests.CatalogApi;

namespace SolidarityMarket.Catalog.Tests.Certification;

/// <summary>
/// Found by a review (now fixed): the expiry job re-reads a certificate, then its vendor. An approval that expires the same lapsed
/// certificate (and issues a new one) committing between those two reads is not caught: the vendor is read after it,
/// with its new CertificationVersion, and the certificate row has no token. docs/catalog.md promises
/// <c>VendorCertificationExpired</c> "exactly once" and "no event published twice". Own host: the clock moves a year.
/// </summary>
public sealed class CertificationJobRaceTests(CatalogHost host) : IClassFixture<CatalogHost>
{
    [Fact]
    public async Task The_job_racing_an_approval_expires_the_lapsed_certificate_once_and_leaves_the_new_one_counting()
    {
        var staffUser = await host.NewUserAsync(Roles.Vendor);
        var adminUser = await host.NewUserAsync(Roles.Admin);
        var (staff, admin) = (await host.ClientAsync(staffUser), await host.ClientAsync(adminUser));
        var vendor = await staff.RegisterVendorAsync("Lapsing Joiners");
        var old = await admin.ApproveOkAsync((await staff.ApplyOkAsync(vendor.Id)).Id);

        // A renewal applied for in the window, decided after the old certificate lapsed (before the job ran).
        host.Clock.SetUtcNow(old.ValidUntil - TimeSpan.FromDays(10));
        staff = await host.ClientAsync(staffUser);
        var renewal = await staff.ApplyOkAsync(vendor.Id);
        host.Clock.SetUtcNow(old.ValidUntil + TimeSpan.FromMinutes(5));
        admin = await host.ClientAsync(adminUser);

        // The job's first vendor read comes right after it re-read the lapsed certificate: the approval commits there.
        var hook = new BeforeFirstVendorRead(async () => await admin.ApproveOkAsync(renewal.Id));
        await using var scope = host.Services.CreateAsyncScope();
        var options = scope.ServiceProvider.GetRequiredService<DbContextOptions<CatalogSqliteDbContext>>();
        await using var jobDb = new CatalogSqliteDbContext(new DbContextOptionsBuilder<CatalogSqliteDbContext>(options).AddInterceptors(hook).Options);
        await new CertificationExpiry(jobDb, host.Clock, NullLogger<CertificationExpiry>.Instance).RunAsync(CancellationToken.None);

        Assert.True(hook.Fired);
        var current = await host.WithCatalogAsync(db => db.Certificates.AsNoTracking()
            .SingleAsync(c => c.VendorId == vendor.Id && c.Status == CertificateStatus.Valid));
        var (certifiedUntil, expiredEntries) = await host.WithCatalogAsync(async db => (
            (await db.Vendors.AsNoTracking().SingleAsync(v => v.Id == vendor.Id)).CertifiedUntil,
            await db.CertificationAudit.AsNoTracking().CountAsync(e => e.CertificateId == old.Id && e.Action == CertificationAction.Expired)));
        // The new certificate counts: the vendor's copy (search, its facets) must say so, as the label does.
        Assert.True((await host.Anonymous().LabelAsync(vendor.Id)).Certified);
        Assert.Equal(current.ValidUntil, certifiedUntil);
        Assert.Equal(1, await host.OutboxCountAsync<VendorCertificationExpired>(old.Id));
        Assert.Equal(1, expiredEntries);
    }

    private sealed class BeforeFirstVendorRead(Func<Task> hook) : DbCommandInterceptor
    {
        private int _fired;

        public bool Fired => Volatile.Read(ref _fired) == 1;

        public override async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            if (command.CommandText.Contains("FROM \"Vendors\"", StringComparison.Ordinal) && Interlocked.Exchange(ref _fired, 1) == 0)
            {
                await hook();
            }

            return result;
        }
    }
}
