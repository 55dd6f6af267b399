using SolidarityMarket.Catalog.Data;

namespace SolidarityMarket.Catalog.Search;

/// <summary>
/// Where a search's facet cube (<see cref="FacetCube"/>) comes from — exact counts of every match, or of the newest
/// matches up to the match limit (docs/adr/0009-search-match-limit.md):
/// <list type="bullet">
/// <item>no words, SQLite or PostgreSQL: the trigger-kept <c>ListingFacetCounts</c>, summed per cell with "certified"
/// decided against the clock;</item>
/// <item>words, SQLite: the FTS5 matches' cells (only the newest matches up to the match limit, when a relevance
/// search reached it), read from the narrow <c>ListingFacetKeys</c> (one small row per published listing) and
/// grouped by cell number, then joined to their values — never the wide listing rows;</item>
/// <item>words on PostgreSQL sorted by newest or price, and everything on SQL Server or with
/// <see cref="TextMatching.Like"/>: the matching published listings grouped by the five values (by relevance,
/// PostgreSQL counts in the ranking statement: <see cref="PostgresRelevanceSearch"/>).</item>
/// </list>
/// </summary>
internal static class FacetCells
{
    public static async Task<List<FacetCube.Cell>> LoadAsync(
        CatalogDbContext db, IReadOnlyList<string> words, IQueryable<Listing> matched, TextMatching matching, DateTimeOffset now, long? beyondRowId,
        CancellationToken ct)
    {
        if (matching == TextMatching.FullText && db.Database.IsSqlite())
        {
            return words.Count == 0 ? await SqliteStoredAsync(db, now, ct) : await SqliteMatchedAsync(db, words, now, beyondRowId, ct);
        }

        if (matching == TextMatching.FullText && words.Count == 0 && db.Database.IsNpgsql())
        {
            return await PostgresStoredAsync(db, now, ct);
        }

        return await matched
            .GroupBy(l => new
            {
                l.Sector,
                l.VendorRegion,
                Certified = l.VendorCertifiedUntil != null && l.VendorCertifiedUntil > now,
                Credits = l.PriceCredits != null,
                Band = l.PriceCents == null ? PriceBands.NoCardPrice
                    : l.PriceCents < PriceBands.Band2From ? 1
                    : l.PriceCents < PriceBands.Band3From ? 2
                    : l.PriceCents < PriceBands.Band4From ? 3
                    : l.PriceCents < PriceBands.Band5From ? 4
                    : 5,
            })
            .Select(g => new FacetCube.Cell(g.Key.Sector, g.Key.VendorRegion, g.Key.Certified, g.Key.Credits, g.Key.Band, g.Count()))
            .ToListAsync(ct);
    }

    private sealed record CertifiedSplit(string Sector, string Region, bool AcceptsCredits, int PriceBand, int Certified, int Other);

    /// <summary>
    /// Every published listing's counts on PostgreSQL, grouped by the four values other than the certificate's end and
    /// split into certified and not against <paramref name="now"/> in the same pass: about half as many rows (2,748
    /// against 5,124 on the benchmark's data) for the server to hash and for .NET to read and sum as grouping by
    /// "certified" as a fifth value.
    /// </summary>
    private static async Task<List<FacetCube.Cell>> PostgresStoredAsync(CatalogDbContext db, DateTimeOffset now, CancellationToken ct)
    {
        var groups = await db.Database.SqlQuery<CertifiedSplit>($"""
            SELECT "Sector", "Region", "AcceptsCredits", "PriceBand",
              sum(CASE WHEN "CertifiedUntil" > {now} THEN "Count" ELSE 0 END)::integer AS "Certified",
              sum(CASE WHEN "CertifiedUntil" > {now} THEN 0 ELSE "Count" END)::integer AS "Other"
            FROM catalog."ListingFacetCounts" WHERE "Count" > 0 GROUP BY 1, 2, 3, 4
            """).ToListAsync(ct);
        return Split(groups);
    }

    /// <summary>
    /// Every published listing's counts. The table's key ends with the certificate's end, so grouping by the other four
    /// values follows the key (no sort) and splits each group into certified and not against <paramref name="now"/>.
    /// </summary>
    private static async Task<List<FacetCube.Cell>> SqliteStoredAsync(CatalogDbContext db, DateTimeOffset now, CancellationToken ct)
    {
        // DateTimeOffset columns hold UTC ticks on SQLite (DateTimeOffsetToUtcTicksConverter); 0 stands for none.
        var ticks = now.UtcTicks;
        var groups = await db.Database.SqlQuery<CertifiedSplit>($"""
            SELECT "Sector", "Region", "AcceptsCredits", "PriceBand",
              sum(CASE WHEN "CertifiedUntil" > {ticks} THEN "Count" ELSE 0 END) AS "Certified",
              sum(CASE WHEN "CertifiedUntil" > {ticks} THEN 0 ELSE "Count" END) AS "Other"
            FROM "ListingFacetCounts" GROUP BY "Sector", "Region", "AcceptsCredits", "PriceBand"
            """).ToListAsync(ct);
        return Split(groups);
    }

    private static List<FacetCube.Cell> Split(List<CertifiedSplit> groups) =>
    [
        .. groups.SelectMany(g => new[]
        {
            new FacetCube.Cell(g.Sector, g.Region, true, g.AcceptsCredits, g.PriceBand, g.Certified),
            new FacetCube.Cell(g.Sector, g.Region, false, g.AcceptsCredits, g.PriceBand, g.Other),
        }).Where(c => c.Count > 0),
    ];

    /// <summary>
    /// The matches' cells: the FTS5 rowids joined to <c>ListingFacetKeys</c> by rowid (which also keeps only the
    /// published listings), counted per cell number, then each cell's values from <c>ListingFacetCounts</c>. With
    /// <paramref name="beyondRowId"/> (the match limit was reached: <see cref="SqliteMatchLimit"/>) only the matches
    /// after it, which FTS5 skips to by rowid.
    /// </summary>
    private static Task<List<FacetCube.Cell>> SqliteMatchedAsync(
        CatalogDbContext db, IReadOnlyList<string> words, DateTimeOffset now, long? beyondRowId, CancellationToken ct)
    {
        var match = SearchWords.ToFts5(words);
        var ticks = now.UtcTicks;
        // rowid > 0 when there is no limit: every rowid is positive, and the SQL text stays the same.
        var after = beyondRowId ?? 0;
        return db.Database.SqlQuery<FacetCube.Cell>($"""
            SELECT c."Sector", c."Region", c."CertifiedUntil" > {ticks} AS "Certified", c."AcceptsCredits", c."PriceBand", g."Count"
            FROM (SELECT k."Cell", count(*) AS "Count"
                  FROM "ListingsFts" CROSS JOIN "ListingFacetKeys" AS k ON k."ListingRowId" = "ListingsFts".rowid
                  WHERE "ListingsFts" MATCH {match} AND "ListingsFts".rowid > {after} GROUP BY k."Cell") AS g
            JOIN "ListingFacetCounts" AS c ON c."Cell" = g."Cell"
            """).ToListAsync(ct);
    }
}
