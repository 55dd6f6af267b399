using System.Net;
using System.Net.Http.Json;
using SolidarityMarket.Catalog.Features;
using SolidarityMarket.Catalog.Features.Staff;
using SolidarityMarket.ServiceDefaults.Auth;
using static SolidarityMarket.Catalog.Tests.CatalogApi;

namespace SolidarityMarket.Catalog.Tests.Vendors;

/// <summary>
/// Found by a review: nobody decides their own co-op's certification (an administrator on a vendor's staff gets 403),
/// nor its disputes in Ordering — but once administrators could change staff (ADR 0033), one on the staff could take
/// themselves off it, approve the application, and put themselves back; and one not on it could add themselves, apply
/// as staff, step off and approve their own application. An administrator on the vendor's staff may not change it
/// (another administrator does), so stepping off to decide takes a second person.
/// </summary>
public sealed class VendorStaffSelfDecisionTests(CatalogHost host) : IClassFixture<CatalogHost>
{
    [Fact]
    public async Task An_administrator_on_a_vendors_staff_cannot_step_off_it_to_decide_its_certification()
    {
        var (insider, insiderUser) = await host.SignInAsNewUserAsync(Roles.Admin);
        var (colleague, colleagueUser) = await host.SignInAsNewUserAsync(Roles.Vendor);
        var registered = await insider.PostAsJsonAsync($"{Base}/vendors", new
        {
            name = "Insider Bakers", category = "SolidarityEconomyInitiative", sector = "food", staffUserIds = new[] { insiderUser.Id, colleagueUser.Id },
        });
        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        var vendor = (await registered.Content.ReadFromJsonAsync<VendorDto>())!;
        var application = await colleague.ApplyOkAsync(vendor.Id);
        await AssertProblemAsync(await insider.ApproveAsync(application.Id), HttpStatusCode.Forbidden);
        var url = $"{Base}/vendors/{vendor.Id}/staff";

        var stepOff = await insider.PutAsJsonAsync(url, new { staffUserIds = new[] { colleagueUser.Id }, reason = "stepping back for a moment" });

        await AssertProblemAsync(stepOff, HttpStatusCode.Forbidden);
        await AssertProblemAsync(await insider.ApproveAsync(application.Id), HttpStatusCode.Forbidden);
        var staff = await OkAsync<VendorStaffDto>(await insider.GetAsync(url));
        Assert.Equal(0, staff.StaffVersion);
        Assert.Equal(new[] { colleagueUser.Id, insiderUser.Id }.Order(StringComparer.Ordinal), staff.StaffUserIds);
        Assert.Empty(staff.Changes);

        // Another administrator may change it.
        var (other, _) = await host.SignInAsNewUserAsync(Roles.Admin);
        var changed = await OkAsync<VendorStaffDto>(await other.PutAsJsonAsync(url, new { staffUserIds = new[] { colleagueUser.Id }, reason = "left the co-op" }));
        Assert.Equal([colleagueUser.Id], changed.StaffUserIds);
    }

    [Fact]
    public async Task An_administrator_who_added_themselves_to_a_vendors_staff_cannot_step_off_to_approve_their_own_application()
    {
        var (admin, adminUser) = await host.SignInAsNewUserAsync(Roles.Admin);
        var (staff, staffUser) = await host.SignInAsNewUserAsync(Roles.Vendor);
        var vendor = await staff.RegisterVendorAsync("Self Approving Bakers");
        var url = $"{Base}/vendors/{vendor.Id}/staff";
        await OkAsync<VendorStaffDto>(await admin.PutAsJsonAsync(url, new { staffUserIds = new[] { staffUser.Id, adminUser.Id }, reason = "joining" }));
        var application = await admin.ApplyOkAsync(vendor.Id);

        var stepOff = await admin.PutAsJsonAsync(url, new { staffUserIds = new[] { staffUser.Id }, reason = "leaving again" });

        await AssertProblemAsync(stepOff, HttpStatusCode.Forbidden);
        await AssertProblemAsync(await admin.ApproveAsync(application.Id), HttpStatusCode.Forbidden);
        Assert.Equal(1, (await OkAsync<VendorStaffDto>(await admin.GetAsync(url))).StaffVersion);
    }
}
