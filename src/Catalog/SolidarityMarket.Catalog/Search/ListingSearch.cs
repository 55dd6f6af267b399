using System.Linq.Expressions;
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
/// Searches published listings (docs/adr/0006-catalog-search.md). Two queries per search:
/// <list type="number">
/// <item>The facet "cube": the listings matching the words, grouped by every facet at once (sector, region,
/// certified, accepts credits, price band) with a count per group. Every facet filter is a condition on those same
/// five values, so the total and each facet's counts (with the other facets' filters applied, its own not) are sums
/// over the cube computed in memory — one scan instead of one per facet.</item>
/// <item>The page: the filters in SQL, the order, <c>OFFSET</c>/<c>LIMIT</c>, projected to <see cref="ListingHit"/>.</item>
/// </list>
/// </summary>
public static class ListingSearch
{
    public static async Task<ListingSearchResult> RunAsync(
        CatalogDbContext db, IConfigurationProvider mapping, ListingSearchQuery query, IReadOnlyList<string> sectors, DateTimeOffset now,
        TextMatching matching, CancellationToken ct)
    {
        var words = SearchWords.Of(query.Text);
        var published = db.Listings.AsNoTracking().Where(l => l.Status == ListingStatus.Published);
        var hits = words.Count > 0 && matching == TextMatching.FullText ? FullTextHits(db, words) : null;
        var matched = words.Count == 0 ? published
            : hits is not null ? FullTextMatches(db, words).AsNoTracking().Where(l => l.Status == ListingStatus.Published)
            : published.Where(LikeAll(words));

        var cells = words.Count == 0 && matching == TextMatching.FullText && StoredFacetCounts(db, now) is { } stored
            ? await stored.ToListAsync(ct)
            : await matched
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
        var cube = new FacetCube(cells, query);
        var total = cube.Total();
        var sort = query.Sort == ListingSort.Relevance && words.Count == 0 ? ListingSort.Newest : query.Sort;

        List<ListingHit> items = [];
        var skip = (query.Page - 1) * query.PageSize;
        if (total > skip && sort == ListingSort.Relevance && hits is not null && db.Database.IsSqlite())
        {
            items = await SqliteRelevancePage.LoadAsync(db, mapping, words, query, now, skip, ct);
        }
        else if (total > skip && sort == ListingSort.Price)
        {
            items = await PricePageAsync(Filter(matched, query, now), mapping, cube.Total(c => c.PriceBand != PriceBands.NoCardPrice), skip, query.PageSize, now, ct);
        }
        else if (total > skip)
        {
            var page = sort switch
            {
                ListingSort.Relevance when hits is not null =>
                    from l in Filter(published, query, now)
                    join h in hits on l.Id equals h.ListingId
                    orderby h.Rank descending, l.Id
                    select l,
                ListingSort.Relevance => Filter(matched, query, now).OrderByDescending(LikeRank(words[0])).ThenBy(l => l.Id),
                _ => Filter(matched, query, now).OrderByDescending(l => l.CreatedAt).ThenBy(l => l.Id),
            };
            items = await page.Skip(skip).Take(query.PageSize)
                .ProjectTo<ListingHit>(mapping)
                .ToListAsync(ct);
        }

        return new ListingSearchResult([.. items.Select(i => AtTime(i, now))], query.Page, query.PageSize, total, sort.ToString().ToLowerInvariant(), cube.Facets(sectors));
    }

    /// <summary>The vendor counts as certified while its certificate's end is in the future (as the label); else no end is shown.</summary>
    internal static ListingHit AtTime(ListingHit hit, DateTimeOffset now) =>
        hit.VendorCertifiedUntil > now ? hit with { VendorCertified = true } : hit with { VendorCertified = false, VendorCertifiedUntil = null };

    /// <summary>
    /// Card price ascending, listings without a card price last (by id). Done as two index-ordered ranges — the
    /// priced listings by <c>(Status, PriceCents)</c>, then the unpriced ones — instead of one
    /// <c>ORDER BY PriceCents IS NULL, PriceCents</c> that no index serves; <paramref name="priced"/> (from the facet
    /// cube) says where the first range ends.
    /// </summary>
    private static async Task<List<ListingHit>> PricePageAsync(
        IQueryable<Listing> filtered, IConfigurationProvider mapping, int priced, int skip, int take, DateTimeOffset now, CancellationToken ct)
    {
        var items = new List<ListingHit>();
        if (skip < priced)
        {
            items = await filtered.Where(l => l.PriceCents != null).OrderBy(l => l.PriceCents).ThenBy(l => l.Id)
                .Skip(skip).Take(take).ProjectTo<ListingHit>(mapping).ToListAsync(ct);
        }

        if (items.Count < take)
        {
            items.AddRange(await filtered.Where(l => l.PriceCents == null).OrderBy(l => l.Id)
                .Skip(Math.Max(0, skip - priced)).Take(take - items.Count).ProjectTo<ListingHit>(mapping).ToListAsync(ct));
        }

        return items;
    }

    /// <summary>
    /// The facet counts of all published listings as the triggers keep them (<c>ListingFacetCounts</c>), with
    /// "certified" decided against <paramref name="now"/> and the rows of one answer summed in SQL (the table is keyed by
    /// the certificate's end, so it has a row per certified vendor and facet values; the sum leaves a few thousand);
    /// null where there is no such table (SQL Server).
    /// </summary>
    private static IQueryable<FacetCube.Cell>? StoredFacetCounts(CatalogDbContext db, DateTimeOffset now)
    {
        if (db.Database.IsSqlite())
        {
            // The column holds UTC ticks, as every DateTimeOffset on SQLite (DateTimeOffsetToUtcTicksConverter).
            var ticks = now.UtcTicks;
            return db.Database.SqlQuery<FacetCube.Cell>($"""
                SELECT "Sector", "Region", "CertifiedUntil" > {ticks} AS "Certified", "AcceptsCredits", "PriceBand", sum("Count") AS "Count"
                FROM "ListingFacetCounts" WHERE "Count" > 0 GROUP BY 1, 2, 3, 4, 5
                """);
        }

        if (db.Database.IsNpgsql())
        {
            return db.Database.SqlQuery<FacetCube.Cell>($"""
                SELECT "Sector", "Region", "CertifiedUntil" > {now} AS "Certified", "AcceptsCredits", "PriceBand", sum("Count")::integer AS "Count"
                FROM catalog."ListingFacetCounts" WHERE "Count" > 0 GROUP BY 1, 2, 3, 4, 5
                """);
        }

        return null;
    }

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

    /// <summary>A listing matched by the full-text index, with its score (greater is better).</summary>
    public sealed record TextHit(Guid ListingId, double Rank);

    /// <summary>
    /// The provider's full-text matches as a composable query, or null when it has no full-text index here
    /// (SQL Server: see <see cref="TextMatching.Like"/>).
    /// </summary>
    private static IQueryable<TextHit>? FullTextHits(CatalogDbContext db, IReadOnlyList<string> words)
    {
        if (db.Database.IsSqlite())
        {
            // bm25 is smaller for better matches, so it is negated. Column weights: title 10, description 1, vendor 4.
            var match = SearchWords.ToFts5(words);
            return db.Database.SqlQuery<TextHit>($"""
                SELECT "Listings"."Id" AS "ListingId", -bm25("ListingsFts", 10.0, 1.0, 4.0) AS "Rank"
                FROM "ListingsFts" JOIN "Listings" ON "Listings".rowid = "ListingsFts".rowid
                WHERE "ListingsFts" MATCH {match}
                """);
        }

        if (db.Database.IsNpgsql())
        {
            var text = SearchWords.ToWebSearch(words);
            return db.Database.SqlQuery<TextHit>($"""
                SELECT "Id" AS "ListingId", ts_rank("SearchVector", websearch_to_tsquery('english', {text}))::float8 AS "Rank"
                FROM catalog."Listings"
                WHERE "SearchVector" @@ websearch_to_tsquery('english', {text})
                """);
        }

        return null;
    }

    /// <summary>Every word occurs in the title, the description or the vendor's name (case-insensitive on SQLite and SQL Server).</summary>
    private static Expression<Func<Listing, bool>> LikeAll(IReadOnlyList<string> words)
    {
        Expression<Func<Listing, bool>> all = l => true;
        foreach (var word in words)
        {
            // Words are letters and digits only (SearchWords), so they need no LIKE escaping.
            var pattern = $"%{word}%";
            Expression<Func<Listing, bool>> one = l =>
                EF.Functions.Like(l.Title, pattern) || EF.Functions.Like(l.Description, pattern) || EF.Functions.Like(l.VendorName, pattern);
            all = And(all, one);
        }

        return all;
    }

    /// <summary>The fallback's relevance for the first word: in the title before in the vendor's name before in the description.</summary>
    private static Expression<Func<Listing, int>> LikeRank(string word)
    {
        var pattern = $"%{word}%";
        return l => (EF.Functions.Like(l.Title, pattern) ? 4 : 0) + (EF.Functions.Like(l.VendorName, pattern) ? 2 : 0) + (EF.Functions.Like(l.Description, pattern) ? 1 : 0);
    }

    private static IQueryable<Listing> Filter(IQueryable<Listing> listings, ListingSearchQuery query, DateTimeOffset now)
    {
        if (query.Sectors.Count > 0)
        {
            var sectors = query.Sectors.ToList();
            listings = listings.Where(l => sectors.Contains(l.Sector));
        }

        if (query.Regions.Count > 0)
        {
            var regions = query.Regions.ToList();
            listings = listings.Where(l => regions.Contains(l.VendorRegion));
        }

        listings = query.Certified switch
        {
            true => listings.Where(l => l.VendorCertifiedUntil != null && l.VendorCertifiedUntil > now),
            false => listings.Where(l => l.VendorCertifiedUntil == null || l.VendorCertifiedUntil <= now),
            null => listings,
        };
        listings = query.AcceptsCredits switch
        {
            true => listings.Where(l => l.PriceCredits != null),
            false => listings.Where(l => l.PriceCredits == null),
            null => listings,
        };
        if (query.PriceBands.Count > 0)
        {
            listings = listings.Where(BandIn(query.PriceBands));
        }

        return listings;
    }

    /// <summary>The card price lies in one of the bands: ranges on <c>PriceCents</c>, which an index can serve.</summary>
    private static Expression<Func<Listing, bool>> BandIn(IReadOnlySet<int> bands)
    {
        Expression<Func<Listing, bool>>? any = null;
        foreach (var band in bands.Order())
        {
            Expression<Func<Listing, bool>> one;
            if (band == PriceBands.NoCardPrice)
            {
                one = l => l.PriceCents == null;
            }
            else
            {
                var low = PriceBands.From(band);
                var high = PriceBands.Until(band);
                one = l => l.PriceCents >= low && l.PriceCents < high;
            }

            any = any is null ? one : Or(any, one);
        }

        return any ?? (l => true);
    }

    private static Expression<Func<Listing, bool>> And(Expression<Func<Listing, bool>> a, Expression<Func<Listing, bool>> b) =>
        Combine(a, b, Expression.AndAlso);

    private static Expression<Func<Listing, bool>> Or(Expression<Func<Listing, bool>> a, Expression<Func<Listing, bool>> b) =>
        Combine(a, b, Expression.OrElse);

    private static Expression<Func<Listing, bool>> Combine(
        Expression<Func<Listing, bool>> a, Expression<Func<Listing, bool>> b, Func<Expression, Expression, BinaryExpression> join)
    {
        var parameter = a.Parameters[0];
        var right = new Rebind(b.Parameters[0], parameter).Visit(b.Body);
        return Expression.Lambda<Func<Listing, bool>>(join(a.Body, right), parameter);
    }

    private sealed class Rebind(ParameterExpression from, ParameterExpression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : base.VisitParameter(node);
    }
}
