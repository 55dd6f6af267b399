using AutoMapper;
using Npgsql;
using SolidarityMarket.Catalog.Data;

namespace SolidarityMarket.Catalog.Search;

/// <summary>
/// A page by relevance on PostgreSQL, in two steps: the ids of the page, ranked by <c>ts_rank</c> in one statement —
/// the GIN index finds the matches, the filters apply to the same rows, and only the rows that pass are ranked —
/// then those listings (<see cref="RankedListings"/>). Composed in LINQ, the ranked matches were a subquery joined
/// to every filtered listing, ranking all matches whatever the filters. Every value is a parameter.
/// </summary>
internal static class PostgresRelevancePage
{
    public static async Task<List<ListingHit>> LoadAsync(
        CatalogDbContext db, IConfigurationProvider mapping, IReadOnlyList<string> words, ListingSearchQuery query, DateTimeOffset now, int skip, CancellationToken ct)
    {
        var parameters = new List<NpgsqlParameter>();
        string P(object value)
        {
            var name = $"@p{parameters.Count}";
            parameters.Add(new NpgsqlParameter(name, value));
            return name;
        }

        var where = new List<string> { "l.\"SearchVector\" @@ q.query", "l.\"Status\" = 'Published'" };
        if (query.Sectors.Count > 0)
        {
            where.Add($"l.\"Sector\" = ANY({P(query.Sectors.Order(StringComparer.Ordinal).ToArray())})");
        }

        if (query.Regions.Count > 0)
        {
            where.Add($"l.\"VendorRegion\" = ANY({P(query.Regions.Order(StringComparer.Ordinal).ToArray())})");
        }

        if (query.Certified is { } certified)
        {
            var at = P(now);
            where.Add(certified ? $"l.\"VendorCertifiedUntil\" > {at}" : $"(l.\"VendorCertifiedUntil\" IS NULL OR l.\"VendorCertifiedUntil\" <= {at})");
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
            SELECT l."Id" AS "ListingId", ts_rank(l."SearchVector", q.query)::float8 AS "Rank"
            FROM catalog."Listings" AS l, websearch_to_tsquery('english', {P(SearchWords.ToWebSearch(words))}) AS q(query)
            WHERE {string.Join(" AND ", where)}
            ORDER BY "Rank" DESC, l."Id" LIMIT {P(query.PageSize)} OFFSET {P(skip)}
            """;
        var ranked = await db.Database.SqlQueryRaw<TextHit>(sql, [.. parameters]).ToListAsync(ct);
        return await RankedListings.LoadAsync(db, mapping, ranked, ct);
    }
}
