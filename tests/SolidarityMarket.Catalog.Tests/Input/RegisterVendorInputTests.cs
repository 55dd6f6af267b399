using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using SolidarityMarket.ServiceDefaults.Auth;
using static SolidarityMarket.Catalog.Tests.CatalogApi;

namespace SolidarityMarket.Catalog.Tests.Input;

/// <summary>
/// Found by a review (now fixed): <c>staffUserIds</c> (administrators only) is not validated; a null entry reaches the database
/// (VendorStaff.UserId is NOT NULL) and the request answers 500 instead of a 400 naming the field.
/// </summary>
public sealed class RegisterVendorInputTests(CatalogHost host) : IClassFixture<CatalogHost>
{
    [Fact]
    public async Task A_null_staff_user_id_is_a_400_and_registers_nothing()
    {
        var (admin, _) = await host.SignInAsNewUserAsync(Roles.Admin);
        var name = $"Null Staff Co-op {Guid.NewGuid():N}";
        var response = await admin.PostAsJsonAsync($"{Base}/vendors", new
        {
            name, description = "x", category = "SolidarityEconomyInitiative", sector = "food", region = "North",
            staffUserIds = new string?[] { null },
        });

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        Assert.False(await host.WithCatalogAsync(db => db.Vendors.AnyAsync(v => v.Name == name)));
    }
}
