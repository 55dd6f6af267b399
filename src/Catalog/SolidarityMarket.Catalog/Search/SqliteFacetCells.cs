using Microsoft.Data.Sqlite;

namespace SolidarityMarket.Catalog.Search;

/// <summary>
/// A search's facet cube on SQLite (<see cref="FacetCells"/>), read with plain ADO.NET on a pooled connection of its
/// own, so that <see cref="ListingSearch"/> can run it at the same time as the page on the request's
/// <c>DbContext</c> (two statements, two cores; docs/performance.md "Catalog search"). Exact as before:
/// <list type="bullet">
/// <item>no words: the trigger-kept <c>ListingFacetCounts</c>, summed per combination of the four values other than
/// the certificate's end; the table's key ends with that end, so the grouping follows the key (no sort) and splits
/// each group into certified and not against the clock;</item>
/// <item>words: the FTS5 matches' cells (only the newest matches up to the match limit, when a relevance search
/// reached it: rowids after <c>beyondRowId</c>), read from the narrow <c>ListingFacetKeys</c> (one small row per
/// published listing, which also keeps only published listings) and grouped by cell number, then joined to their
/// values — never the wide listing rows.</item>
/// </list>
/// A read needs none of the write-side pragmas (<c>SqliteDurabilityInterceptor</c>): WAL is a property of the file,
/// and Microsoft.Data.Sqlite retries a busy statement until the connection string's default timeout.
/// </summary>
internal static class SqliteFacetCells
{
    // DateTimeOffset columns hold UTC ticks on SQLite (DateTimeOffsetToUtcTicksConverter); 0 stands for none.
    private const string StoredSql = """
        SELECT "Sector", "Region", "AcceptsCredits", "PriceBand",
          sum(CASE WHEN "CertifiedUntil" > $now THEN "Count" ELSE 0 END) AS "Certified",
          sum(CASE WHEN "CertifiedUntil" > $now THEN 0 ELSE "Count" END) AS "Other"
        FROM "ListingFacetCounts" GROUP BY "Sector", "Region", "AcceptsCredits", "PriceBand"
        """;

    // rowid > 0 when there is no limit: every rowid is positive, and the SQL text stays the same.
    private const string MatchedSql = """
        SELECT c."Sector", c."Region", c."CertifiedUntil" > $now AS "Certified", c."AcceptsCredits", c."PriceBand", g."Count"
        FROM (SELECT k."Cell", count(*) AS "Count"
              FROM "ListingsFts" CROSS JOIN "ListingFacetKeys" AS k ON k."ListingRowId" = "ListingsFts".rowid
              WHERE "ListingsFts" MATCH $match AND "ListingsFts".rowid > $after GROUP BY k."Cell") AS g
        JOIN "ListingFacetCounts" AS c ON c."Cell" = g."Cell"
        """;

    public static async Task<List<FacetCube.Cell>> LoadAsync(
        string connectionString, IReadOnlyList<string> words, DateTimeOffset now, long? beyondRowId, CancellationToken ct)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.Parameters.AddWithValue("$now", now.UtcTicks);
        if (words.Count == 0)
        {
            command.CommandText = StoredSql;
            var groups = new List<FacetCells.CertifiedSplit>();
            await using var stored = await command.ExecuteReaderAsync(ct);
            while (await stored.ReadAsync(ct))
            {
                groups.Add(new FacetCells.CertifiedSplit(
                    stored.GetString(0), stored.GetString(1), stored.GetBoolean(2), stored.GetInt32(3), stored.GetInt32(4), stored.GetInt32(5)));
            }

            return FacetCells.Split(groups);
        }

        command.CommandText = MatchedSql;
        command.Parameters.AddWithValue("$match", SearchWords.ToFts5(words));
        command.Parameters.AddWithValue("$after", beyondRowId ?? 0);
        var cells = new List<FacetCube.Cell>();
        await using var matched = await command.ExecuteReaderAsync(ct);
        while (await matched.ReadAsync(ct))
        {
            cells.Add(new FacetCube.Cell(
                matched.GetString(0), matched.GetString(1), matched.GetBoolean(2), matched.GetBoolean(3), matched.GetInt32(4), matched.GetInt32(5)));
        }

        return cells;
    }
}
