using AutoMapper;
using AutoMapper.QueryableExtensions;
using Microsoft.Data.Sqlite;
using SolidarityMarket.Catalog.Data;

namespace SolidarityMarket.Catalog.Search;

/// <summary>
/// A page by relevance on SQLite, in two steps: the ids of the page, ranked by <c>bm25</c> in one statement driven by
/// the FTS5 index (<c>CROSS JOIN</c> makes the FTS matches the outer loop, each joined to its listing by rowid, with
/// the filters on that row); then those listings, projected and put in rank order. Composed in LINQ, SQLite joined
/// the other way round (every filtered listing probing the matches by id), several times slower for common words.
/// Every value is a parameter; the SQL text only varies with how many values each filter has.
/// </summary>
internal static class SqliteRelevancePage
{
    public static async Task<List<ListingHit>> LoadAsync(
        CatalogDbContext db, IConfigurationProvider mapping, IReadOnlyList<string> words, ListingSearchQuery query, DateTimeOffset now, int skip, CancellationToken ct)
    {
        var parameters = new List<SqliteParameter>();
        string P(object value)
        {
            var name = $"@p{parameters.Count}";
            parameters.Add(new SqliteParameter(name, value));
            return name;
        }

        var where = new List<string> { $"\"{CatalogSearchSql.FtsTable}\" MATCH {P(SearchWords.ToFts5(words))}", "l.\"Status\" = 'Published'" };
        if (query.Sectors.Count > 0)
        {
            where.Add($"l.\"Sector\" IN ({string.Join(", ", query.Sectors.Order(StringComparer.Ordinal).Select(s => P(s)))})");
        }

        if (query.Regions.Count > 0)
        {
            where.Add($"l.\"VendorRegion\" IN ({string.Join(", ", query.Regions.Order(StringComparer.Ordinal).Select(r => P(r)))})");
        }

        // DateTimeOffset columns hold UTC ticks on SQLite (DateTimeOffsetToUtcTicksConverter).
        if (query.Certified is { } certified)
        {
            var ticks = P(now.UtcTicks);
            where.Add(certified ? $"l.\"VendorCertifiedUntil\" > {ticks}" : $"(l.\"VendorCertifiedUntil\" IS NULL OR l.\"VendorCertifiedUntil\" <= {ticks})");
        }

        if (query.AcceptsCredits is { } credits)
        {
            where.Add(credits ? "l.\"PriceCredits\" IS NOT NULL" : "l.\"PriceCredits\" IS NULL");
        }

        if (query.PriceBands.Count > 0)
        {
            where.Add("(" + string.Join(" OR ", query.PriceBands.Order().Select(band => band == PriceBands.NoCardPrice
                ? "l.\"PriceCents\" IS NULL"
                : $"(l.\"PriceCents\" >= {P(PriceBands.From(band))} AND l.\"PriceCents\" < {P(PriceBands.Until(band))})")) + ")");
        }

        var sql = $"""
            SELECT l."Id" AS "ListingId", -bm25("{CatalogSearchSql.FtsTable}", 10.0, 1.0, 4.0) AS "Rank"
            FROM "{CatalogSearchSql.FtsTable}" CROSS JOIN "Listings" AS l ON l.rowid = "{CatalogSearchSql.FtsTable}".rowid
            WHERE {string.Join(" AND ", where)}
            ORDER BY "Rank" DESC, l."Id" LIMIT {P(query.PageSize)} OFFSET {P(skip)}
            """;
        var ranked = await db.Database.SqlQueryRaw<ListingSearch.TextHit>(sql, [.. parameters]).ToListAsync(ct);
        var ids = ranked.Select(h => h.ListingId).ToList();
        var listings = await db.Listings.AsNoTracking().Where(l => ids.Contains(l.Id))
            .ProjectTo<ListingHit>(mapping).ToListAsync(ct);
        var order = ids.Select((id, i) => (id, i)).ToDictionary(x => x.id, x => x.i);
        return [.. listings.OrderBy(l => order[l.Id])];
    }
}
