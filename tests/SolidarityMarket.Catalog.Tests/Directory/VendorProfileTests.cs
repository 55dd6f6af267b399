using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using SolidarityMarket.Catalog.Features;
using SolidarityMarket.ServiceDefaults.Auth;
using static SolidarityMarket.Catalog.Tests.CatalogApi;

namespace SolidarityMarket.Catalog.Tests.SolidarityDirectory;

/// <summary>Vendor profile fields (address, coordinates, contact): validation on registration and update, and who may update.</summary>
public sealed class VendorProfileTests(CatalogHost host) : IClassFixture<CatalogHost>
{
    public static TheoryData<string, double?, double?> MalformedCoordinates => new()
    {
        { "latitude above 90", 90.000001, 10 },
        { "latitude below -90", -91, 10 },
        { "longitude above 180", 45, 180.5 },
        { "longitude below -180", 45, -181 },
        { "latitude without longitude", 45, null },
        { "longitude without latitude", null, 10 },
    };

    [Theory]
    [MemberData(nameof(MalformedCoordinates))]
    public async Task Malformed_coordinates_are_refused_and_nothing_is_stored(string why, double? latitude, double? longitude)
    {
        var (staff, _) = await host.SignInAsNewUserAsync(Roles.Vendor);
        var name = $"Misplaced Co-op ({why})";

        var response = await staff.PostAsJsonAsync($"{Base}/vendors", DirectoryApi.VendorBody(name, latitude, longitude));

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty("latitude", out _) || errors.TryGetProperty("longitude", out _), errors.ToString());
        Assert.False(await host.WithCatalogAsync(db => db.Vendors.AnyAsync(v => v.Name == name)));
    }

    [Fact]
    public async Task Coordinates_that_are_not_numbers_are_refused()
    {
        var (staff, _) = await host.SignInAsNewUserAsync(Roles.Vendor);
        var response = await staff.PostAsJsonAsync($"{Base}/vendors", DirectoryApi.VendorBody("Text Coordinates Co-op").With("latitude", "NaN").With("longitude", "north"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(await host.WithCatalogAsync(db => db.Vendors.AnyAsync(v => v.Name == "Text Coordinates Co-op")));
    }

    [Theory]
    [InlineData("contactEmail", "not-an-email")]
    [InlineData("contactEmail", "Someone <someone@example.coop>")]
    [InlineData("contactPhone", "+49 30 1234567 1234567 1234567 1234567 12")]
    [InlineData("contactPhone", "call us")]
    [InlineData("postalCode", "123456789012345678901")]
    public async Task Bad_contact_or_address_fields_are_refused(string field, string value)
    {
        var (staff, _) = await host.SignInAsNewUserAsync(Roles.Vendor);
        var response = await staff.PostAsJsonAsync($"{Base}/vendors", DirectoryApi.VendorBody("Bad Contact Co-op", 1, 2).With(field, value));
        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Fact]
    public async Task Registration_stores_the_profile_and_the_boundaries_are_accepted()
    {
        var (staff, _) = await host.SignInAsNewUserAsync(Roles.Vendor);
        var vendor = await staff.RegisterLocatedAsync("Edge of the Map Co-op", -90, 180);
        var shown = await OkAsync<VendorDto>(await host.Anonymous().GetAsync($"{Base}/vendors/{vendor.Id}"));
        Assert.Equal((-90.0, 180.0), (shown.Latitude, shown.Longitude));
        Assert.Equal(("Alexanderplatz 1", "Berlin", "10178", "Germany"), (shown.Street, shown.City, shown.PostalCode, shown.Country));
        Assert.Equal(("info@example.coop", "+49 30 1234567"), (shown.ContactEmail, shown.ContactPhone));
        var stored = await host.WithCatalogAsync(db => db.Vendors.AsNoTracking().SingleAsync(v => v.Id == vendor.Id));
        Assert.Equal((-90_000_000L, 180_000_000L), (stored.LatitudeMicro, stored.LongitudeMicro));
    }

    [Fact]
    public async Task Staff_and_administrators_update_the_profile_and_others_are_refused_without_change()
    {
        var (staff, _) = await host.SignInAsNewUserAsync(Roles.Vendor);
        var (otherStaff, _) = await host.SignInAsNewUserAsync(Roles.Vendor);
        var (admin, _) = await host.SignInAsNewUserAsync(Roles.Admin);
        var vendor = await staff.RegisterLocatedAsync("Profile Co-op", 48.8566, 2.3522);
        await otherStaff.RegisterLocatedAsync("Neighbour Co-op", 48.85, 2.35);
        var body = DirectoryApi.VendorBody("ignored", 45.764043, 4.835659).With("city", "Lyon").With("contactPhone", null);

        var updated = await OkAsync<VendorDto>(await staff.UpdateProfileAsync(vendor.Id, body));
        Assert.Equal((45.764043, 4.835659, "Lyon", (string?)null, "Profile Co-op"), (updated.Latitude, updated.Longitude, updated.City, updated.ContactPhone, updated.Name));
        Assert.Equal(updated, await OkAsync<VendorDto>(await host.Anonymous().GetAsync($"{Base}/vendors/{vendor.Id}")));

        await AssertProblemAsync(await otherStaff.UpdateProfileAsync(vendor.Id, body.With("city", "Elsewhere").With("latitude", 0.0).With("longitude", 0.0)), HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.Anonymous().UpdateProfileAsync(vendor.Id, body.With("city", "Anonymous"))).StatusCode);
        await AssertProblemAsync(await staff.UpdateProfileAsync(vendor.Id, body.With("latitude", 100.0)), HttpStatusCode.BadRequest);
        Assert.Equal(updated, await OkAsync<VendorDto>(await host.Anonymous().GetAsync($"{Base}/vendors/{vendor.Id}")));

        var byAdmin = await OkAsync<VendorDto>(await admin.UpdateProfileAsync(vendor.Id, body.With("latitude", null).With("longitude", null)));
        Assert.Equal(((double?)null, (double?)null), (byAdmin.Latitude, byAdmin.Longitude));
        Assert.False(DirectoryApi.HasFeature(await host.Anonymous().GeoJsonAsync(), vendor.Id));
        await AssertProblemAsync(await admin.UpdateProfileAsync(Guid.NewGuid(), body), HttpStatusCode.NotFound);
    }
}
