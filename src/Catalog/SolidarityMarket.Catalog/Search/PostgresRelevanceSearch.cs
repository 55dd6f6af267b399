using AutoMapper;
using Npgsql;
using SolidarityMarket.Catalog.Data;

namespace SolidarityMarket.Catalog.Search;

/// <summary>
/// A search with words by relevance on PostgreSQL in one statement: the GIN index finds the matches, their heap rows
/// are read once into a materialised CTE (the five facet values, and <c>ts_rank</c> for the rows that pass the
/// filters), and from it come both the facet cube (a hash aggregate) and the page's ids (ranked, ties by id). The
/// heap visits of the matches are most of the cost of a common word (docs/performance.md "Catalog search"); done as
/// two statements, cube then page, they were paid twice. With a match limit the scan stops after the first
/// limit-many matches (docs/adr/0009-search-match-limit.md). Then the page's listings (<see cref="RankedListings"/>).
/// Every value is a parameter, and the statement is prepared (<see cref="ReadPreparedAsync"/>).
/// </summary>
internal static class PostgresRelevanceSearch
{
    /// <summary>
    /// Runs the statement prepared: an explicitly prepared statement stays prepared on the pooled physical connection,
    /// so a later call with the same SQL text (the text varies only with which filters are set) is not planned again
    /// — ~0.3 ms a call on a warm connection, several ms on a new one (docs/performance.md "Catalog search"). From the
    /// sixth run the server may use its generic plan (<c>plan_cache_mode</c> auto); for a common word it keeps the GIN
    /// bitmap scan.
    /// Read with plain ADO.NET on the context's connection.
    /// </summary>
    private static async Task<List<Row>> ReadPreparedAsync(CatalogDbContext db, string sql, List<NpgsqlParameter> parameters, CancellationToken ct)
    {
        var rows = new List<Row>();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var command = new NpgsqlCommand(sql, (NpgsqlConnection)db.Database.GetDbConnection());
            command.Parameters.AddRange(parameters.ToArray());
            await command.PrepareAsync(ct);
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                rows.Add(new Row(
                    reader.GetString(0),
                    reader.IsDBNull(1) ? null : reader.GetString(1),
                    reader.IsDBNull(2) ? null : reader.GetString(2),
                    reader.IsDBNull(3) ? null : reader.GetBoolean(3),
                    reader.IsDBNull(4) ? null : reader.GetBoolean(4),
                    reader.IsDBNull(5) ? null : reader.GetInt32(5),
                    reader.IsDBNull(6) ? null : reader.GetInt32(6),
                    reader.IsDBNull(7) ? null : reader.GetGuid(7),
                    reader.IsDBNull(8) ? null : reader.GetDouble(8)));
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }

        return rows;
    }

    private sealed record Row(string Kind, string? Sector, string? Region, bool? Certified, bool? AcceptsCredits, int? PriceBand, int? Count, Guid? ListingId, double? Rank);

    /// <summary>The cube, whether the match limit was reached (then the cube and the page cover the first limit-many matches only), and the page.</summary>
    public static async Task<(List<FacetCube.Cell> Cells, bool Limited, Func<Task<List<ListingHit>>> Page)> LoadAsync(
        CatalogDbContext db, IConfigurationProvider mapping, IReadOnlyList<string> words, ListingSearchQuery query, DateTimeOffset now, int skip,
        int matchLimit, CancellationToken ct)
    {
        var parameters = new List<NpgsqlParameter>();
        string P(object value)
        {
            var name = $"@p{parameters.Count}";
            parameters.Add(new NpgsqlParameter(name, value));
            return name;
        }

        var at = P(now);
        var filters = new List<string> { "true" };
        if (query.Sectors.Count > 0)
        {
            filters.Add($"l.\"Sector\" = ANY({P(query.Sectors.Order(StringComparer.Ordinal).ToArray())})");
        }

        if (query.Regions.Count > 0)
        {
            filters.Add($"l.\"VendorRegion\" = ANY({P(query.Regions.Order(StringComparer.Ordinal).ToArray())})");
        }

        if (query.Certified is { } certified)
        {
            filters.Add(certified ? $"l.\"VendorCertifiedUntil\" > {at}" : $"(l.\"VendorCertifiedUntil\" IS NULL OR l.\"VendorCertifiedUntil\" <= {at})");
        }

        if (query.AcceptsCredits is { } credits)
        {
            filters.Add(credits ? "l.\"PriceCredits\" IS NOT NULL" : "l.\"PriceCredits\" IS NULL");
        }

        if (query.PriceBands.Count > 0)
        {
            filters.Add("(" + string.Join(" OR ", query.PriceBands.Order().Select(band => band == PriceBands.NoCardPrice
                ? "l.\"PriceCents\" IS NULL"
                : $"(l.\"PriceCents\" >= {P(PriceBands.From(band))} AND l.\"PriceCents\" < {P(PriceBands.Until(band))})")) + ")");
        }

        var band = $"CASE WHEN l.\"PriceCents\" IS NULL THEN 0 WHEN l.\"PriceCents\" < {PriceBands.Band2From} THEN 1 WHEN l.\"PriceCents\" < {PriceBands.Band3From} THEN 2 " +
                   $"WHEN l.\"PriceCents\" < {PriceBands.Band4From} THEN 3 WHEN l.\"PriceCents\" < {PriceBands.Band5From} THEN 4 ELSE 5 END";
        // The match limit (docs/adr/0009-search-match-limit.md): the bitmap heap scan stops after limit + 1 matches, in
        // storage order; "n" numbers them, the cube and the page take the first limit-many, and a "more" row says
        // whether there was one beyond. Without a limit every match is read, and "n" is a constant 1 (no window to compute).
        var limitClause = matchLimit > 0 ? $"LIMIT {P(matchLimit + 1)}" : "";
        var counted = P(matchLimit > 0 ? matchLimit : int.MaxValue);
        var sql = $"""
            WITH m AS MATERIALIZED (
              SELECT l."Id", l."Sector", l."VendorRegion", coalesce(l."VendorCertifiedUntil" > {at}, false) AS "Certified",
                l."PriceCredits" IS NOT NULL AS "AcceptsCredits", {band} AS "PriceBand",
                CASE WHEN {string.Join(" AND ", filters)} THEN ts_rank(l."SearchVector", q.query)::float8 END AS "Rank",
                {(matchLimit > 0 ? "row_number() OVER ()" : "1::bigint")} AS n
              FROM catalog."Listings" AS l, plainto_tsquery('english', {P(SearchWords.ToPlainQuery(words))}) AS q(query)
              WHERE l."SearchVector" @@ q.query AND l."Status" = 'Published' {limitClause})
            SELECT 'cell' AS "Kind", "Sector", "VendorRegion" AS "Region", "Certified", "AcceptsCredits", "PriceBand", count(*)::integer AS "Count",
              NULL::uuid AS "ListingId", NULL::float8 AS "Rank"
            FROM m WHERE n <= {counted} GROUP BY 2, 3, 4, 5, 6
            UNION ALL
            (SELECT 'hit', NULL, NULL, NULL, NULL, NULL, NULL, "Id", "Rank" FROM m WHERE "Rank" IS NOT NULL AND n <= {counted}
             ORDER BY "Rank" DESC, "Id" LIMIT {P(query.PageSize)} OFFSET {P(skip)})
            UNION ALL
            SELECT 'more', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL FROM m WHERE n > {counted}
            """;
        var rows = await ReadPreparedAsync(db, sql, parameters, ct);
        var limited = rows.Any(r => r.Kind == "more");
        var cells = rows.Where(r => r.Kind == "cell")
            .Select(r => new FacetCube.Cell(r.Sector!, r.Region!, r.Certified!.Value, r.AcceptsCredits!.Value, r.PriceBand!.Value, r.Count!.Value)).ToList();
        // The hits come out of UNION ALL in no promised order: put them back in rank order (ties by id, as ranked).
        var ranked = rows.Where(r => r.Kind == "hit").Select(r => new TextHit(r.ListingId!.Value, r.Rank!.Value))
            .OrderByDescending(h => h.Rank).ThenBy(h => h.ListingId).ToList();
        return (cells, limited, () => RankedListings.LoadAsync(db, mapping, ranked, ct));
    }
}
