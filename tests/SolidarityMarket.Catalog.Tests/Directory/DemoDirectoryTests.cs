using Microsoft.Extensions.DependencyInjection;
using SolidarityMarket.Catalog.Demo;

namespace SolidarityMarket.Catalog.Tests.SolidarityDirectory;

/// <summary>The demo network (fixed Bogus seed) puts every demo co-op on the map, with an address and a contact.</summary>
public sealed class DemoDirectoryTests(CatalogHost host) : IClassFixture<CatalogHost>
{
    [Fact]
    public async Task Every_demo_vendor_has_plausible_coordinates_and_an_address()
    {
        await using (var scope = host.Services.CreateAsyncScope())
        {
            await new SeedCatalogDemo().RunAsync(scope.ServiceProvider, TestContext.Current.CancellationToken);
        }

        var collection = await host.Anonymous().GeoJsonAsync();
        var (_, rows) = await host.Anonymous().CsvAsync();

        var features = collection.GetProperty("features").EnumerateArray().ToList();
        Assert.NotEmpty(features);
        Assert.Equal(rows.Count, features.Count);
        Assert.All(features, f =>
        {
            var position = f.GetProperty("geometry").GetProperty("coordinates");
            Assert.InRange(position[0].GetDouble(), -122, -75); // longitude first
            Assert.InRange(position[1].GetDouble(), 30, 47);
        });
        Assert.All(rows, r =>
        {
            Assert.NotEqual("", r["street"]);
            Assert.NotEqual("", r["city"]);
            Assert.Matches("^[0-9]{5}$", r["postalCode"]);
        });
    }
}
