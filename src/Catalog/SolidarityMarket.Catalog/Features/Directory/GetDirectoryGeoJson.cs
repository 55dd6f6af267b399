using System.Text.Json;
using SolidarityMarket.Catalog.Data;

namespace SolidarityMarket.Catalog.Features.Directory;

/// <summary>
/// Public: the solidarity-economy directory as an RFC 7946 GeoJSON FeatureCollection (<c>application/geo+json</c>)
/// for mapping tools. One Point feature per vendor that has coordinates — <c>[longitude, latitude]</c>, GeoJSON's
/// order — with its id, name, category, sector, region, website and certification status. Vendors without
/// coordinates are left out (the CSV lists them).
/// </summary>
public static class GetDirectoryGeoJson
{
    public const string ContentType = "application/geo+json";

    public static void Map(IEndpointRouteBuilder group) =>
        group.MapGet("/directory.geojson", Handle)
            .AllowAnonymous()
            .WithName("GetDirectoryGeoJson")
            .WithSummary("Public: all located vendors as a GeoJSON FeatureCollection")
            .Produces(StatusCodes.Status200OK, contentType: ContentType);

    public static async Task<PushStreamHttpResult> Handle(CatalogDbContext db, TimeProvider time, CancellationToken ct)
    {
        var certified = await VendorDirectory.CertifiedUntilAsync(db, time.GetUtcNow(), ct);
        return TypedResults.Stream(async body =>
        {
            // The default encoder escapes HTML-significant characters, like the API's other JSON.
            await using var json = new Utf8JsonWriter(body);
            json.WriteStartObject();
            json.WriteString("type", "FeatureCollection");
            json.WriteStartArray("features");
            await foreach (var v in VendorDirectory.PublicEntriesAsync(db, locatedOnly: true, ct))
            {
                json.WriteStartObject();
                json.WriteString("type", "Feature");
                json.WriteString("id", v.Id);
                json.WriteStartObject("geometry");
                json.WriteString("type", "Point");
                json.WriteStartArray("coordinates");
                json.WriteNumberValue(GeoCoordinates.ToDegrees(v.LongitudeMicro!.Value));
                json.WriteNumberValue(GeoCoordinates.ToDegrees(v.LatitudeMicro!.Value));
                json.WriteEndArray();
                json.WriteEndObject();
                json.WriteStartObject("properties");
                json.WriteString("id", v.Id);
                json.WriteString("name", v.Name);
                json.WriteString("category", v.Category.ToString());
                json.WriteString("sector", v.Sector);
                json.WriteString("region", v.Region);
                WriteNullable(json, "website", v.Website);
                json.WriteBoolean("certified", certified.ContainsKey(v.Id));
                if (certified.TryGetValue(v.Id, out var until))
                {
                    json.WriteString("certifiedUntil", until);
                }
                else
                {
                    json.WriteNull("certifiedUntil");
                }

                json.WriteEndObject();
                json.WriteEndObject();
                if (json.BytesPending > 16 * 1024)
                {
                    await json.FlushAsync(ct);
                }
            }

            json.WriteEndArray();
            json.WriteEndObject();
            await json.FlushAsync(ct);
        }, ContentType);
    }

    private static void WriteNullable(Utf8JsonWriter json, string name, string? value)
    {
        if (value is null)
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteString(name, value);
        }
    }
}
