using AutoMapper;
using Microsoft.Data.Sqlite;
using SolidarityMarket.Catalog.Data;

namespace SolidarityMarket.Catalog.Search;

/// <summary>
/// A page by relevance on SQLite, in two steps: the ids of the page, ranked by <c>bm25</c> in one statement driven by
/// the FTS5 index; then those listings (<see cref="RankedListings"/>). Ties go by rowid (the order listings were added).
/// <para>
/// Without filters, the ranking reads the FTS5 index alone and keeps only the best <see cref="Fetched"/> rows, which
/// are then joined by rowid to their narrow <c>ListingFacetKeys</c> rows (id and facet cell; only published listings
/// have one): for a common word that is a join of a few dozen rows instead of every match (<c>chair</c> in the
/// benchmark: ~12,000 in the index, 10,904 of them published), for pages down to the
/// <see cref="MaxIndexOnlyRanked"/>-th result. When
/// drafts and archived listings (which the index also holds) crowd the published ones out of those rows, the page is
/// ranked again the whole way, as with filters — same order, so pages never overlap or skip.
/// </para>
/// With filters, <c>CROSS JOIN</c> keeps the FTS matches the outer loop; each is joined by rowid to its
/// <c>ListingFacetKeys</c> row and to its cell's values — never to the wide listing row.
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

        const string Bm25 = $"-bm25(\"{CatalogSearchSql.FtsTable}\", 10.0, 1.0, 4.0)";
        var wanted = skip + query.PageSize;
        if (where.Count == cellFilters && wanted <= MaxIndexOnlyRanked)
        {
            var shared = parameters.Count;
            var fetched = Fetched(wanted);
            // Every value is a parameter (P); only names and the conditions' shape are in the text, as below.
            var bestSql = $"""
                SELECT r."RowId", r."Rank", k."Id" AS "ListingId"
                FROM (SELECT rowid AS "RowId", {Bm25} AS "Rank" FROM "{CatalogSearchSql.FtsTable}"
                      WHERE {string.Join(" AND ", where)} ORDER BY "Rank" DESC, rowid LIMIT {P(fetched)}) AS r
                LEFT JOIN "{CatalogSearchSql.FacetKeyTable}" AS k ON k."ListingRowId" = r."RowId"
                ORDER BY r."Rank" DESC, r."RowId"
                """;
            var best = await db.Database.SqlQueryRaw<FetchedHit>(bestSql, [.. parameters]).ToListAsync(ct);
            var published = best.Where(h => h.ListingId is not null).ToList();
            if (best.Count < fetched || published.Count >= wanted)
            {
                var page = published.Skip(skip).Take(query.PageSize).Select(h => new TextHit(h.ListingId!.Value, h.Rank)).ToList();
                return await RankedListings.LoadAsync(db, mapping, page, ct);
            }

            parameters.RemoveRange(shared, parameters.Count - shared); // the fetch limit: the statement below numbers its own
        }

        var cells = where.Count > cellFilters ? $"CROSS JOIN \"{CatalogSearchSql.FacetTable}\" AS c ON c.\"Cell\" = k.\"Cell\"" : "";
        var sql = $"""
            SELECT k."Id" AS "ListingId", {Bm25} AS "Rank"
            FROM "{CatalogSearchSql.FtsTable}" CROSS JOIN "{CatalogSearchSql.FacetKeyTable}" AS k ON k."ListingRowId" = "{CatalogSearchSql.FtsTable}".rowid {cells}
            WHERE {string.Join(" AND ", where)}
            ORDER BY "Rank" DESC, k."ListingRowId" LIMIT {P(query.PageSize)} OFFSET {P(skip)}
            """;
        var ranked = await db.Database.SqlQueryRaw<TextHit>(sql, [.. parameters]).ToListAsync(ct);
        return await RankedListings.LoadAsync(db, mapping, ranked, ct);
    }

    /// <summary>
    /// The deepest result an unfiltered page ranks from the index alone; deeper pages (page × size beyond this) go
    /// straight to the joined statement, which returns one page whatever the depth, instead of reading twice as many
    /// rows as the depth into memory.
    /// </summary>
    internal const int MaxIndexOnlyRanked = 200;

    /// <summary>
    /// How many of the best matches an unfiltered page ranks from the index alone: twice what the page needs, plus a
    /// little, so that up to half of them may be drafts or archived listings before the page is ranked the whole way.
    /// </summary>
    internal static int Fetched(int wanted) => (2 * wanted) + 16;

    /// <summary>A match ranked from the index alone; <c>ListingId</c> is null unless the listing is published.</summary>
    private sealed record FetchedHit(long RowId, double Rank, Guid? ListingId);
}
