using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SolidarityMarket.Catalog.Data;
using SolidarityMarket.Catalog.Features.Certification;
using SolidarityMarket.Catalog.Features.Staff;
using SolidarityMarket.Catalog.Tests.Certification;
using SolidarityMarket.Contracts.Catalog;
using SolidarityMarket.ServiceDefaults.Auth;
using static SolidarityMarket.Catalog.Tests.CatalogApi;

namespace SolidarityMarket.Catalog.Tests.Vendors;

/// <summary>
/// Two administrators change one vendor's staff at the same moment: the second, which read the staff before the
/// first committed, must not commit too — otherwise both publish the same staff version with different lists, and
/// Ledger and Ordering keep whichever arrives first. Staged deterministically: the first change runs inside the
/// second's clock reading, between its read of the vendor and its save. On SQLite and on PostgreSQL, whose insert of
/// the same staff row waits for the first change and fails before the vendor's version is compared.
/// </summary>
public abstract class VendorStaffRaceTests<THost>(THost host) : IClassFixture<THost>
    where THost : CatalogHost
{
    /// <param name="sameNewUser">Both add the same user (the staff row's key collides).</param>
    /// <param name="keepStaff">Both keep the registered staff and only add: no row either deletes, so only the
    /// vendor's version can tell.</param>
    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public async Task The_later_of_two_racing_staff_changes_is_refused_and_only_the_first_is_published(bool sameNewUser, bool keepStaff)
    {
        await host.StartAsync();
        var (admin, adminUser) = await host.SignInAsNewUserAsync(Roles.Admin);
        var otherAdmin = await host.ClientAsync(await host.NewUserAsync(Roles.Admin));
        var (staff, staffUser) = await host.SignInAsNewUserAsync(Roles.Vendor);
        var vendor = await staff.RegisterVendorAsync("Racing Staff Co-op");
        var first = sameNewUser ? "joiner" : "first-joiner";
        var second = sameNewUser ? "joiner" : "second-joiner";
        string[] kept = keepStaff ? [staffUser.Id] : [];

        var clock = new CertificationDecisionRaceTests.HookClock(host.Clock, async () =>
            Assert.Equal(HttpStatusCode.OK, (await otherAdmin.PutAsJsonAsync($"{Base}/vendors/{vendor.Id}/staff", new { staffUserIds = kept.Append(first).ToArray(), reason = "first" })).StatusCode));
        await using var scope = host.Services.CreateAsyncScope();
        var result = await ChangeVendorStaff.Handle(
            vendor.Id, new ChangeVendorStaff.Request([.. kept, second, "another"], "second"), CertificationDecisionRaceTests.Admin(adminUser),
            scope.ServiceProvider.GetRequiredService<CatalogDbContext>(), scope.ServiceProvider.GetRequiredService<CertificationAccess>(), clock, CancellationToken.None);

        Assert.True(clock.Fired);
        var problem = Assert.IsType<ProblemHttpResult>(result.Result);
        Assert.Equal(409, problem.StatusCode);
        var now = await admin.GetFromJsonAsync<VendorStaffDto>($"{Base}/vendors/{vendor.Id}/staff");
        Assert.Equal(1, now!.StaffVersion);
        Assert.Equal(kept.Append(first).Order(StringComparer.Ordinal), now.StaffUserIds);
        Assert.Equal("first", Assert.Single(now.Changes).Reason);
        Assert.Equal(1, await host.OutboxCountAsync<VendorStaffChanged>(vendor.Id));
    }
}

public sealed class SqliteVendorStaffRaceTests(CatalogHost host) : VendorStaffRaceTests<CatalogHost>(host);

public sealed class PostgresVendorStaffRaceTests(PostgresCatalogHost host) : VendorStaffRaceTests<PostgresCatalogHost>(host);
