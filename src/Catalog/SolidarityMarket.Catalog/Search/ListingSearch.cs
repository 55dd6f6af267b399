using AutoMapper;
using AutoMapper.QueryableExtensions;
using SolidarityMarket.Catalog.Data;

namespace SolidarityMarket.Catalog.Search;

/// <summary>How the words of a search are matched.</summary>
public enum TextMatching
{
    /// <summary>The provider's full-text index: FTS5 on SQLite, tsvector + GIN on PostgreSQL; LIKE on SQL Server.</summary>
    FullText,

    /// <summary><c>LIKE '%word%'</c> over title, description and vendor name: SQL Server's fallback and the benchmark's naive baseline.</summary>
    Like,
}

/// <summary>
/// Searches published listings (docs/adr/0006-catalog-search.md). Two steps per search:
/// <list type="number">
/// <item>The facet "cube" (<see cref="FacetCells"/>): the matching listings counted per combination of the five facet
/// values. Every facet filter is a condition on those values, so the total and each facet's counts (with the other
/// facets' filters applied, its own not) are sums over the cube computed in memory (<see cref="FacetCube"/>).</item>
/// <item>The page: by relevance through a hand-written ranking statement (<see cref="SqliteRelevancePage"/>), else
/// composed in LINQ (<see cref="SortedPages"/>).</item>
/// </list>
/// On PostgreSQL a search with words by relevance does both in one statement (<see cref="PostgresRelevanceSearch"/>),
/// which reads the matches' heap rows once. A relevance search whose words match more published listings than
/// <c>matchLimit</c> counts and ranks only limit-many of them, and its result says so
/// (docs/adr/0009-search-match-limit.md); 0 means no limit.
/// </summary>
public static class ListingSearch
{
    public static async Task<ListingSearchResult> RunAsync(
        CatalogDbContext db, IConfigurationProvider mapping, ListingSearchQuery query, IReadOnlyList<string> sectors, DateTimeOffset now,
        TextMatching matching, CancellationToken ct, int matchLimit = CatalogOptions.DefaultSearchMatchLimit)
    {
        var words = SearchWords.Of(query.Text);
        var fullText = words.Count > 0 && matching == TextMatching.FullText && (db.Database.IsSqlite() || db.Database.IsNpgsql());
        var published = db.Listings.AsNoTracking().Where(l => l.Status == ListingStatus.Published);
        var matched = words.Count == 0 ? published
            : fullText ? FullTextMatches(db, words).AsNoTracking().Where(l => l.Status == ListingStatus.Published)
            : published.Where(ListingFilters.LikeAll(words));

        var sort = query.Sort == ListingSort.Relevance && words.Count == 0 ? ListingSort.Newest : query.Sort;
        var skip = (query.Page - 1) * query.PageSize;
        // The match limit applies to relevance searches with the full-text index (docs/adr/0009-search-match-limit.md);
        // sorted by newest or price, every match is counted and sorted.
        var limit = sort == ListingSort.Relevance && fullText ? matchLimit : 0;
        var beyondRowId = limit > 0 && db.Database.IsSqlite() ? await SqliteMatchLimit.RowIdBeyondAsync(db, words, limit, ct) : null;
        var (cells, limited, postgresPage) = sort == ListingSort.Relevance && fullText && db.Database.IsNpgsql()
            ? await PostgresRelevanceSearch.LoadAsync(db, mapping, words, query, now, skip, limit, ct)
            : (await FacetCells.LoadAsync(db, words, matched, matching, now, beyondRowId, ct), beyondRowId is not null, null);
        var cube = new FacetCube(cells, query);
        var total = cube.Total();
        var filtered = ListingFilters.Apply(matched, query, now);

        List<ListingHit> items = total <= skip ? []
            : postgresPage is not null ? await postgresPage()
            : sort == ListingSort.Relevance && fullText ? await SqliteRelevancePage.LoadAsync(db, mapping, words, query, now, skip, beyondRowId, ct)
            : sort == ListingSort.Relevance ? await filtered.OrderByDescending(ListingFilters.LikeRank(words[0])).ThenBy(l => l.Id)
                .Skip(skip).Take(query.PageSize).ProjectTo<ListingHit>(mapping).ToListAsync(ct)
            : sort == ListingSort.Price ? await SortedPages.ByPriceAsync(filtered, mapping, cube.Total(c => c.PriceBand != PriceBands.NoCardPrice), skip, query.PageSize, ct)
            : await SortedPages.NewestAsync(filtered, mapping, skip, query.PageSize, ct);

        return new ListingSearchResult([.. items.Select(i => AtTime(i, now))], query.Page, query.PageSize, total, sort.ToString().ToLowerInvariant(), cube.Facets(sectors))
        {
            TotalRelation = limited ? "gte" : "eq",
            FacetsExact = !limited,
            MatchLimit = limited ? limit : null,
        };
    }

    /// <summary>The vendor counts as certified while its certificate's end is in the future (as the label); else no end is shown.</summary>
    internal static ListingHit AtTime(ListingHit hit, DateTimeOffset now) =>
        hit.VendorCertifiedUntil > now ? hit with { VendorCertified = true } : hit with { VendorCertified = false, VendorCertifiedUntil = null };

    /// <summary>
    /// The listings whose text matches every word, driven by the full-text index (SQLite joins the FTS rows to their
    /// listings by rowid, without a second index look-up); composable like any query of listings.
    /// </summary>
    private static IQueryable<Listing> FullTextMatches(CatalogDbContext db, IReadOnlyList<string> words)
    {
        if (db.Database.IsSqlite())
        {
            var match = SearchWords.ToFts5(words);
            return db.Listings.FromSql($"""
                SELECT "Listings".* FROM "ListingsFts" JOIN "Listings" ON "Listings".rowid = "ListingsFts".rowid
                WHERE "ListingsFts" MATCH {match}
                """);
        }

        var text = SearchWords.ToWebSearch(words);
        return db.Listings.FromSql($"""
            SELECT * FROM catalog."Listings" WHERE "SearchVector" @@ websearch_to_tsquery('english', {text})
            """);
    }
}
