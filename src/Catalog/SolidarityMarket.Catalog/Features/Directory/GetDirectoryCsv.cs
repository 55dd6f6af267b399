using System.Globalization;
using System.Text;
using SolidarityMarket.Catalog.Data;

namespace SolidarityMarket.Catalog.Features.Directory;

/// <summary>
/// Public: the solidarity-economy directory as CSV (RFC 4180: header row, comma-separated, CRLF line ends, fields
/// quoted when they hold a comma, quote or line break; UTF-8; invariant culture). Every vendor is listed — those
/// without coordinates have empty latitude and longitude. Text that a spreadsheet would run as a formula (starting
/// with = + - @, a tab or a carriage return) is prefixed with an apostrophe; the numbers we write are not.
/// </summary>
public static class GetDirectoryCsv
{
    public const string ContentType = "text/csv; charset=utf-8; header=present";

    public static readonly string[] Header =
    [
        "id", "name", "category", "sector", "region", "street", "city", "postalCode", "country",
        "latitude", "longitude", "website", "certified", "certifiedUntil",
    ];

    public static void Map(IEndpointRouteBuilder group) =>
        group.MapGet("/directory.csv", Handle)
            .AllowAnonymous()
            .WithName("GetDirectoryCsv")
            .WithSummary("Public: all vendors of the directory as CSV")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv");

    public static async Task<PushStreamHttpResult> Handle(CatalogDbContext db, TimeProvider time, CancellationToken ct)
    {
        var certified = await VendorDirectory.CertifiedUntilAsync(db, time.GetUtcNow(), ct);
        return TypedResults.Stream(async body =>
        {
            await using var writer = new StreamWriter(body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 16 * 1024) { NewLine = "\r\n" };
            await writer.WriteLineAsync(string.Join(',', Header));
            await foreach (var v in VendorDirectory.PublicEntriesAsync(db, locatedOnly: false, ct))
            {
                var isCertified = certified.TryGetValue(v.Id, out var until);
                string[] row =
                [
                    v.Id.ToString(), Text(v.Name), v.Category.ToString(), Text(v.Sector), Text(v.Region),
                    Text(v.Street), Text(v.City), Text(v.PostalCode), Text(v.Country),
                    Number(v.LatitudeMicro), Number(v.LongitudeMicro), Text(v.Website),
                    isCertified ? "true" : "false", isCertified ? until.ToString("O", CultureInfo.InvariantCulture) : "",
                ];
                await writer.WriteLineAsync(string.Join(',', row));
            }

            await writer.FlushAsync(ct);
        }, ContentType);
    }

    private static string Number(long? micro) =>
        micro is { } m ? GeoCoordinates.ToDegrees(m).ToString("R", CultureInfo.InvariantCulture) : "";

    /// <summary>A user-supplied text cell: defused against formula injection, then quoted per RFC 4180 when needed.</summary>
    public static string Text(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        if (value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }

        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}
