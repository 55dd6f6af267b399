using System.Globalization;
using System.Net;
using System.Text.Json;
using SolidarityMarket.ServiceDefaults.Auth;
using static SolidarityMarket.Catalog.Tests.CatalogApi;

namespace SolidarityMarket.Catalog.Tests.SolidarityDirectory;

/// <summary>The public solidarity-economy directory: GeoJSON (RFC 7946) and CSV (RFC 4180) of the vendors.</summary>
public sealed class DirectoryTests(CatalogHost host) : IClassFixture<CatalogHost>
{
    [Fact]
    public async Task The_geojson_is_a_valid_feature_collection_with_longitude_first()
    {
        var (staff, _) = await host.SignInAsNewUserAsync(Roles.Vendor);
        var located = await staff.RegisterLocatedAsync("Alexanderplatz Bakers", 52.520008, 13.404954);
        var southWest = await staff.RegisterLocatedAsync("Southern Growers", -33.4489, -70.6693);
        var unlocated = await staff.RegisterVendorAsync("Nowhere Co-op");
        Assert.Equal((52.520008, 13.404954), (located.Latitude, located.Longitude));

        var collection = await host.Anonymous().GeoJsonAsync();

        Assert.Equal("FeatureCollection", collection.GetProperty("type").GetString());
        var features = collection.GetProperty("features");
        Assert.Equal(JsonValueKind.Array, features.ValueKind);
        Assert.NotEmpty(features.EnumerateArray());
        foreach (var feature in features.EnumerateArray())
        {
            Assert.Equal("Feature", feature.GetProperty("type").GetString());
            var geometry = feature.GetProperty("geometry");
            Assert.Equal("Point", geometry.GetProperty("type").GetString());
            var position = geometry.GetProperty("coordinates").EnumerateArray().ToList();
            Assert.Equal(2, position.Count);
            Assert.All(position, p => Assert.Equal(JsonValueKind.Number, p.ValueKind));
            Assert.InRange(position[0].GetDouble(), -180, 180);
            Assert.InRange(position[1].GetDouble(), -90, 90);
            Assert.Equal(JsonValueKind.Object, feature.GetProperty("properties").ValueKind);
        }

        var mine = DirectoryApi.Feature(collection, located.Id);
        var coordinates = mine.GetProperty("geometry").GetProperty("coordinates");
        Assert.Equal((13.404954, 52.520008), (coordinates[0].GetDouble(), coordinates[1].GetDouble())); // [lon, lat]
        var properties = mine.GetProperty("properties");
        Assert.Equal("Alexanderplatz Bakers", properties.GetProperty("name").GetString());
        Assert.Equal("SolidarityEconomyInitiative", properties.GetProperty("category").GetString());
        Assert.Equal("food", properties.GetProperty("sector").GetString());
        Assert.Equal("Berlin", properties.GetProperty("region").GetString());
        Assert.Equal("https://example.coop", properties.GetProperty("website").GetString());
        Assert.False(properties.GetProperty("certified").GetBoolean());
        Assert.Equal(JsonValueKind.Null, properties.GetProperty("certifiedUntil").ValueKind);

        var south = DirectoryApi.Feature(collection, southWest.Id).GetProperty("geometry").GetProperty("coordinates");
        Assert.Equal((-70.6693, -33.4489), (south[0].GetDouble(), south[1].GetDouble()));
        Assert.False(DirectoryApi.HasFeature(collection, unlocated.Id));
    }

    [Fact]
    public async Task A_vendor_is_shown_certified_after_an_administrator_approves_it()
    {
        var (staff, _) = await host.SignInAsNewUserAsync(Roles.Vendor);
        var (admin, _) = await host.SignInAsNewUserAsync(Roles.Admin);
        var vendor = await staff.RegisterLocatedAsync("Certified Roasters", 40.7128, -74.006);
        Assert.False(DirectoryApi.Feature(await host.Anonymous().GeoJsonAsync(), vendor.Id).GetProperty("properties").GetProperty("certified").GetBoolean());

        var application = await staff.ApplyOkAsync(vendor.Id);
        var certificate = await admin.ApproveOkAsync(application.Id);

        var properties = DirectoryApi.Feature(await host.Anonymous().GeoJsonAsync(), vendor.Id).GetProperty("properties");
        Assert.True(properties.GetProperty("certified").GetBoolean());
        Assert.Equal(certificate.ValidUntil, properties.GetProperty("certifiedUntil").GetDateTimeOffset());
        var row = (await host.Anonymous().CsvAsync()).Rows.Single(r => r["id"] == vendor.Id.ToString());
        Assert.Equal("true", row["certified"]);
        Assert.Equal(certificate.ValidUntil, DateTimeOffset.Parse(row["certifiedUntil"], CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task The_csv_lists_the_same_vendors_with_empty_coordinates_for_those_without_and_defuses_formulas()
    {
        var (staff, _) = await host.SignInAsNewUserAsync(Roles.Vendor);
        var located = await staff.RegisterLocatedAsync("Quoted \"Makers\", Ltd", 51.5074, -0.1278);
        var unlocated = await staff.RegisterVendorAsync("=HYPERLINK(\"http://evil.example\",\"x\")");

        var (header, rows) = await host.Anonymous().CsvAsync();
        var collection = await host.Anonymous().GeoJsonAsync();

        Assert.Equal(
            ["id", "name", "category", "sector", "region", "street", "city", "postalCode", "country", "latitude", "longitude", "website", "certified", "certifiedUntil"],
            header);
        Assert.Equal(rows.Count, rows.Select(r => r["id"]).Distinct().Count());
        var locatedIds = rows.Where(r => r["latitude"] != "").Select(r => Guid.Parse(r["id"])).Order().ToList();
        var featureIds = collection.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("properties").GetProperty("id").GetGuid()).Order().ToList();
        Assert.Equal(featureIds, locatedIds);
        Assert.All(rows, r => Assert.Equal(r["latitude"] == "", r["longitude"] == ""));

        var mine = rows.Single(r => r["id"] == located.Id.ToString());
        Assert.Equal("Quoted \"Makers\", Ltd", mine["name"]);
        Assert.Equal(("51.5074", "-0.1278"), (mine["latitude"], mine["longitude"]));
        Assert.Equal(("Alexanderplatz 1", "Berlin", "10178", "Germany"), (mine["street"], mine["city"], mine["postalCode"], mine["country"]));
        Assert.Equal(("false", ""), (mine["certified"], mine["certifiedUntil"]));

        var formula = rows.Single(r => r["id"] == unlocated.Id.ToString());
        Assert.Equal("'=HYPERLINK(\"http://evil.example\",\"x\")", formula["name"]);
        Assert.Equal(("", ""), (formula["latitude"], formula["longitude"]));
        Assert.False(DirectoryApi.HasFeature(collection, unlocated.Id));
    }

    [Fact]
    public void The_csv_reader_follows_rfc_4180() =>
        Assert.Equal(
            [["a", "b,c", "d\"e"], ["", "x\r\ny", ""]],
            DirectoryApi.ReadCsv("a,\"b,c\",\"d\"\"e\"\r\n,\"x\r\ny\",\r\n"));
}
