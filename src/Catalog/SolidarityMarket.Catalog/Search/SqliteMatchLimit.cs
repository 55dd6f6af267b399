using SolidarityMarket.Catalog.Data;

namespace SolidarityMarket.Catalog.Search;

/// <summary>
/// The match limit on SQLite (docs/adr/0009-search-match-limit.md): whether a search's words match more published
/// listings than the limit, and if so where the newest limit-many of them begin. FTS5 walks its matches by rowid
/// (the order listings were added) from the newest without sorting, so this reads at most limit + 1 matches and
/// their narrow <c>ListingFacetKeys</c> rows (which keep only published listings).
/// </summary>
internal static class SqliteMatchLimit
{
    /// <summary>
    /// The rowid of the newest published match beyond the newest <paramref name="limit"/>, or null when there are at
    /// most that many (or no limit). The counted matches are then those with a greater rowid: exactly the limit.
    /// </summary>
    public static async Task<long?> RowIdBeyondAsync(CatalogDbContext db, IReadOnlyList<string> words, int limit, CancellationToken ct)
    {
        if (limit <= 0)
        {
            return null;
        }

        var match = SearchWords.ToFts5(words);
        var beyond = await db.Database.SqlQuery<long>($"""
            SELECT "ListingsFts".rowid AS "Value" FROM "ListingsFts" CROSS JOIN "ListingFacetKeys" AS k ON k."ListingRowId" = "ListingsFts".rowid
            WHERE "ListingsFts" MATCH {match} ORDER BY "ListingsFts".rowid DESC LIMIT 1 OFFSET {limit}
            """).ToListAsync(ct);
        return beyond.Count == 0 ? null : beyond[0];
    }
}
