using AutoMapper;
using Microsoft.Data.Sqlite;
using SolidarityMarket.Catalog.Data;

namespace SolidarityMarket.Catalog.Search;

/// <summary>
/// A page by relevance on SQLite, in two steps: the ids of the page, ranked by <c>bm25</c> in one statement driven by
/// the FTS5 index; then those listings (<see cref="RankedListings"/>). <c>CROSS JOIN</c> keeps the FTS matches the
/// outer loop; each is joined by rowid to its narrow <c>ListingFacetKeys</c> row (id and facet cell; only published
/// listings have one) and, when the search has filters, to its cell's values — never to the wide listing row.
/// When the match limit was reached, only the matches after the limit's rowid are ranked (docs/adr/0009-search-match-limit.md).
/// Every value is a parameter; the SQL text only varies with which filters are set and how many values each has.
/// </summary>
internal static class SqliteRelevancePage
{
    public static async Task<List<ListingHit>> LoadAsync(
        CatalogDbContext db, IConfigurationProvider mapping, IReadOnlyList<string> words, ListingSearchQuery query, DateTimeOffset now, int skip,
        long? beyondRowId, CancellationToken ct)
    {
        var parameters = new List<SqliteParameter>();
        string P(object value)
        {
            var name = $"@p{parameters.Count}";
            parameters.Add(new SqliteParameter(name, value));
            return name;
        }

        var where = new List<string> { $"\"{CatalogSearchSql.FtsTable}\" MATCH {P(SearchWords.ToFts5(words))}" };
        var cellFilters = 1;
        if (beyondRowId is { } beyond)
        {
            // The match limit was reached (SqliteMatchLimit): rank only the newest matches, which FTS5 skips to by rowid.
            where.Add($"\"{CatalogSearchSql.FtsTable}\".rowid > {P(beyond)}");
            cellFilters = 2;
        }

        if (query.Sectors.Count > 0)
        {
            where.Add($"c.\"Sector\" IN ({string.Join(", ", query.Sectors.Order(StringComparer.Ordinal).Select(s => P(s)))})");
        }

        if (query.Regions.Count > 0)
        {
            where.Add($"c.\"Region\" IN ({string.Join(", ", query.Regions.Order(StringComparer.Ordinal).Select(r => P(r)))})");
        }

        // The cell's "CertifiedUntil" holds UTC ticks, 0 for none (CatalogSearchSql).
        if (query.Certified is { } certified)
        {
            where.Add($"c.\"CertifiedUntil\" {(certified ? ">" : "<=")} {P(now.UtcTicks)}");
        }

        if (query.AcceptsCredits is { } credits)
        {
            where.Add($"c.\"AcceptsCredits\" = {(credits ? 1 : 0)}");
        }

        if (query.PriceBands.Count > 0)
        {
            where.Add($"c.\"PriceBand\" IN ({string.Join(", ", query.PriceBands.Order().Select(b => P(b)))})");
        }

        var cells = where.Count > cellFilters ? $"CROSS JOIN \"{CatalogSearchSql.FacetTable}\" AS c ON c.\"Cell\" = k.\"Cell\"" : "";
        var sql = $"""
            SELECT k."Id" AS "ListingId", -bm25("{CatalogSearchSql.FtsTable}", 10.0, 1.0, 4.0) AS "Rank"
            FROM "{CatalogSearchSql.FtsTable}" CROSS JOIN "{CatalogSearchSql.FacetKeyTable}" AS k ON k."ListingRowId" = "{CatalogSearchSql.FtsTable}".rowid {cells}
            WHERE {string.Join(" AND ", where)}
            ORDER BY "Rank" DESC, k."Id" LIMIT {P(query.PageSize)} OFFSET {P(skip)}
            """;
        var ranked = await db.Database.SqlQueryRaw<TextHit>(sql, [.. parameters]).ToListAsync(ct);
        return await RankedListings.LoadAsync(db, mapping, ranked, ct);
    }
}
