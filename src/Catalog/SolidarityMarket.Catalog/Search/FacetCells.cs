using SolidarityMarket.Catalog.Data;

namespace SolidarityMarket.Catalog.Search;

/// <summary>
/// Where a search's facet cube (<see cref="FacetCube"/>) comes from — exact counts of every match, or of the newest
/// matches up to the match limit (docs/adr/0009-search-match-limit.md):
/// <list type="bullet">
/// <item>SQLite, with or without words: <see cref="SqliteFacetCells"/>, on a connection of its own;</item>
/// <item>no words, PostgreSQL: the trigger-kept <c>ListingFacetCounts</c>, summed per cell with "certified"
/// decided against the clock;</item>
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
            return await SqliteFacetCells.LoadAsync(db.Database.GetConnectionString()!, words, now, beyondRowId, ct);
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

    internal sealed record CertifiedSplit(string Sector, string Region, bool AcceptsCredits, int PriceBand, int Certified, int Other);

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

    internal static List<FacetCube.Cell> Split(List<CertifiedSplit> groups) =>
    [
        .. groups.SelectMany(g => new[]
        {
            new FacetCube.Cell(g.Sector, g.Region, true, g.AcceptsCredits, g.PriceBand, g.Certified),
            new FacetCube.Cell(g.Sector, g.Region, false, g.AcceptsCredits, g.PriceBand, g.Other),
        }).Where(c => c.Count > 0),
    ];
}
