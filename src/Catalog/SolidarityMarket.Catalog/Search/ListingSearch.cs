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
/// (docs/adr/0009-search-match-limit.md); 0 means no limit. On SQLite the cube and the page run at the same time
/// on two connections unless <c>concurrent</c> is false or the page is sorted by price (<see cref="SqliteFacetCells"/>);
/// the answer is the same either way.
/// </summary>
public static class ListingSearch
{
    public static async Task<ListingSearchResult> RunAsync(
        CatalogDbContext db, IConfigurationProvider mapping, ListingSearchQuery query, IReadOnlyList<string> sectors, DateTimeOffset now,
        TextMatching matching, CancellationToken ct, int matchLimit = CatalogOptions.DefaultSearchMatchLimit, bool concurrent = true)
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
        var filtered = ListingFilters.Apply(matched, query, now);

        // SQLite, unless sorted by price (whose page needs the cube's count of priced listings first): the cube on a
        // connection of its own on another thread while the page runs here. Both are exact; they only overlap.
        var sqliteConcurrent = concurrent && matching == TextMatching.FullText && db.Database.IsSqlite() && sort != ListingSort.Price;
        Task<List<ListingHit>> SqlitePage() => sort == ListingSort.Relevance && fullText
            ? SqliteRelevancePage.LoadAsync(db, mapping, words, query, now, skip, beyondRowId, ct)
            : SortedPages.NewestAsync(filtered, mapping, skip, query.PageSize, ct);
        List<ListingHit>? concurrentPage = null;
        List<FacetCube.Cell> cells;
        var limited = beyondRowId is not null;
        Func<Task<List<ListingHit>>>? postgresPage = null;
        if (sqliteConcurrent)
        {
            (cells, concurrentPage) = await BothAsync(
                Task.Run(() => SqliteFacetCells.LoadAsync(db.Database.GetConnectionString()!, words, now, beyondRowId, ct), ct), SqlitePage);
        }
        else if (sort == ListingSort.Relevance && fullText && db.Database.IsNpgsql())
        {
            (cells, limited, postgresPage) = await PostgresRelevanceSearch.LoadAsync(db, mapping, words, query, now, skip, limit, ct);
        }
        else
        {
            cells = await FacetCells.LoadAsync(db, words, matched, matching, now, beyondRowId, ct);
        }

        var cube = new FacetCube(cells, query);
        var total = cube.Total();

        List<ListingHit> items = total <= skip ? []
            : concurrentPage is not null ? concurrentPage
            : postgresPage is not null ? await postgresPage()
            : sort == ListingSort.Relevance && fullText ? await SqlitePage()
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

    /// <summary>
    /// The cube (already started on another thread) and the page (run here); waits for the cube whatever the page
    /// did, so no statement outlives the call.
    /// </summary>
    private static async Task<(List<FacetCube.Cell> Cells, List<ListingHit> Page)> BothAsync(
        Task<List<FacetCube.Cell>> cells, Func<Task<List<ListingHit>>> page)
    {
        List<ListingHit> items;
        try
        {
            items = await page();
        }
        catch
        {
            await Task.WhenAny(cells);
            throw;
        }

        return (await cells, items);
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

        var text = SearchWords.ToPlainQuery(words);
        return db.Listings.FromSql($"""
            SELECT * FROM catalog."Listings" WHERE "SearchVector" @@ plainto_tsquery('english', {text})
            """);
    }
}
