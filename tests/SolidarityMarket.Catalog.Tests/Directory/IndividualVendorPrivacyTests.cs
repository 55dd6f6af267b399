using System.Net;
using System.Net.Http.Json;
using System.Globalization;
using SolidarityMarket.Catalog.Features;
using SolidarityMarket.ServiceDefaults.Auth;
using static SolidarityMarket.Catalog.Tests.CatalogApi;

namespace SolidarityMarket.Catalog.Tests.SolidarityDirectory;

/// <summary>
/// A vendor that is a person (category Individual): the public sees no street, postal code, email or phone and only
/// coordinates rounded to 0.01°, on the profile and in both directory formats; its staff and administrators see all.
/// </summary>
public sealed class IndividualVendorPrivacyTests(CatalogHost host) : IClassFixture<CatalogHost>
{
    [Fact]
    public async Task The_public_profile_of_a_person_hides_address_and_contact_and_rounds_the_location()
    {
        var (staff, _) = await host.SignInAsNewUserAsync(Roles.Vendor);
        var (stranger, _) = await host.SignInAsNewUserAsync(Roles.Member);
        var (admin, _) = await host.SignInAsNewUserAsync(Roles.Admin);
        var vendor = await RegisterPersonAsync(staff, "Jo the Potter");

        foreach (var viewer in new[] { host.Anonymous(), stranger })
        {
            var shown = await OkAsync<VendorDto>(await viewer.GetAsync($"{Base}/vendors/{vendor.Id}"));
            Assert.Equal((null, null, null, null), (shown.Street, shown.PostalCode, shown.ContactEmail, shown.ContactPhone));
            Assert.Equal(("Berlin", "Germany", "Berlin"), (shown.City, shown.Country, shown.Region));
            Assert.Equal((52.52, 13.40), (shown.Latitude, shown.Longitude));
        }

        foreach (var insider in new[] { staff, admin })
        {
            var full = await OkAsync<VendorDto>(await insider.GetAsync($"{Base}/vendors/{vendor.Id}"));
            Assert.Equal(("Alexanderplatz 1", "10178", "info@example.coop", "+49 30 1234567"), (full.Street, full.PostalCode, full.ContactEmail, full.ContactPhone));
            Assert.Equal((52.520008, 13.404954), (full.Latitude, full.Longitude));
        }
    }

    [Fact]
    public async Task The_directory_shows_a_person_only_roughly_and_an_organization_exactly()
    {
        var (staff, _) = await host.SignInAsNewUserAsync(Roles.Vendor);
        var person = await RegisterPersonAsync(staff, "Sam the Carpenter");
        var coop = await staff.RegisterLocatedAsync("Exact Place Co-op", 52.520008, 13.404954);

        var collection = await host.Anonymous().GeoJsonAsync();
        var (header, rows) = await host.Anonymous().CsvAsync();

        Assert.Equal((13.40, 52.52), Position(DirectoryApi.Feature(collection, person.Id)));
        Assert.Equal((13.404954, 52.520008), Position(DirectoryApi.Feature(collection, coop.Id)));
        Assert.Contains("street", header);
        var personRow = rows.Single(r => r["id"] == person.Id.ToString());
        Assert.Equal(("", "", "Berlin", "52.52", "13.4"), (personRow["street"], personRow["postalCode"], personRow["city"], personRow["latitude"], personRow["longitude"]));
        var coopRow = rows.Single(r => r["id"] == coop.Id.ToString());
        Assert.Equal(("Alexanderplatz 1", "10178"), (coopRow["street"], coopRow["postalCode"]));
        Assert.Equal(52.520008, double.Parse(coopRow["latitude"], CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData(52_520_008L, 52_520_000L)]
    [InlineData(13_404_954L, 13_400_000L)]
    [InlineData(-33_448_900L, -33_450_000L)]
    [InlineData(-70_665_000L, -70_670_000L)]
    [InlineData(179_999_999L, 180_000_000L)]
    [InlineData(-90_000_000L, -90_000_000L)]
    public void Coordinates_round_to_the_nearest_hundredth_of_a_degree_and_stay_in_range(long micro, long expected) =>
        Assert.Equal(expected, VendorPrivacy.Coarsen(micro));

    private static async Task<VendorDto> RegisterPersonAsync(HttpClient staff, string name)
    {
        var response = await staff.PostAsJsonAsync($"{Base}/vendors", DirectoryApi.VendorBody(name, 52.520008, 13.404954).With("category", "Individual"));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<VendorDto>())!;
    }

    private static (double Longitude, double Latitude) Position(System.Text.Json.JsonElement feature)
    {
        var coordinates = feature.GetProperty("geometry").GetProperty("coordinates");
        return (coordinates[0].GetDouble(), coordinates[1].GetDouble());
    }
}
