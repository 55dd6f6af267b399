using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using SolidarityMarket.Catalog.Features;
using static SolidarityMarket.Catalog.Tests.CatalogApi;

namespace SolidarityMarket.Catalog.Tests.SolidarityDirectory;

/// <summary>HTTP helpers for vendor profiles and the public directory, and a tiny RFC 4180 reader.</summary>
public static class DirectoryApi
{
    public static Dictionary<string, object?> VendorBody(string name, double? latitude = null, double? longitude = null) => new()
    {
        ["name"] = name,
        ["description"] = "Worker-owned co-op",
        ["category"] = "SolidarityEconomyInitiative",
        ["sector"] = "food",
        ["region"] = "Berlin",
        ["website"] = "https://example.coop",
        ["street"] = "Alexanderplatz 1",
        ["city"] = "Berlin",
        ["postalCode"] = "10178",
        ["country"] = "Germany",
        ["latitude"] = latitude,
        ["longitude"] = longitude,
        ["contactEmail"] = "info@example.coop",
        ["contactPhone"] = "+49 30 1234567",
    };

    public static Dictionary<string, object?> With(this Dictionary<string, object?> body, string field, object? value) =>
        new(body) { [field] = value };

    public static async Task<VendorDto> RegisterLocatedAsync(this HttpClient staff, string name, double? latitude, double? longitude)
    {
        var response = await staff.PostAsJsonAsync($"{Base}/vendors", VendorBody(name, latitude, longitude));
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"register: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<VendorDto>())!;
    }

    public static Task<HttpResponseMessage> UpdateProfileAsync(this HttpClient client, Guid vendorId, object body) =>
        client.PutAsJsonAsync($"{Base}/vendors/{vendorId}/profile", body);

    public static async Task<JsonElement> GeoJsonAsync(this HttpClient client)
    {
        var response = await client.GetAsync($"{Base}/directory.geojson");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/geo+json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    public static JsonElement Feature(JsonElement collection, Guid vendorId) =>
        collection.GetProperty("features").EnumerateArray().Single(f => f.GetProperty("properties").GetProperty("id").GetGuid() == vendorId);

    public static bool HasFeature(JsonElement collection, Guid vendorId) =>
        collection.GetProperty("features").EnumerateArray().Any(f => f.GetProperty("properties").GetProperty("id").GetGuid() == vendorId);

    /// <summary>The directory CSV as rows of named cells (header row first in <c>Header</c>).</summary>
    public static async Task<(List<string> Header, List<Dictionary<string, string>> Rows)> CsvAsync(this HttpClient client)
    {
        var response = await client.GetAsync($"{Base}/directory.csv");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var records = ReadCsv(await response.Content.ReadAsStringAsync());
        var header = records[0];
        Assert.All(records, r => Assert.Equal(header.Count, r.Count));
        return (header, records.Skip(1).Select(r => header.Zip(r).ToDictionary(p => p.First, p => p.Second)).ToList());
    }

    /// <summary>
    /// RFC 4180: records end with CRLF (the last one may not), fields are separated by commas, a field in double quotes
    /// may hold commas, CRLF and doubled quotes. Anything else (a bare LF, a quote inside an unquoted field) fails.
    /// </summary>
    public static List<List<string>> ReadCsv(string text)
    {
        var records = new List<List<string>>();
        var record = new List<string>();
        var field = new StringBuilder();
        var i = 0;
        while (i < text.Length)
        {
            if (text[i] == '"' && field.Length == 0)
            {
                i++;
                while (true)
                {
                    Assert.True(i < text.Length, "unterminated quoted field");
                    if (text[i] == '"')
                    {
                        if (i + 1 < text.Length && text[i + 1] == '"')
                        {
                            field.Append('"');
                            i += 2;
                            continue;
                        }

                        i++;
                        break;
                    }

                    field.Append(text[i++]);
                }

                Assert.True(i == text.Length || text[i] == ',' || text[i] == '\r', $"text after a closing quote at {i}");
                continue;
            }

            switch (text[i])
            {
                case ',':
                    record.Add(field.ToString());
                    field.Clear();
                    i++;
                    break;
                case '\r':
                    Assert.True(i + 1 < text.Length && text[i + 1] == '\n', $"CR without LF at {i}");
                    record.Add(field.ToString());
                    field.Clear();
                    records.Add(record);
                    record = [];
                    i += 2;
                    break;
                default:
                    Assert.False(text[i] is '"' or '\n', $"unexpected {(text[i] == '"' ? "quote" : "bare LF")} at {i}");
                    field.Append(text[i++]);
                    break;
            }
        }

        if (field.Length > 0 || record.Count > 0)
        {
            record.Add(field.ToString());
            records.Add(record);
        }

        return records;
    }
}
