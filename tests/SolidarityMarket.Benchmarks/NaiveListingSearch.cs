using Microsoft.EntityFrameworkCore;
using SolidarityMarket.Catalog.Data;
using SolidarityMarket.Catalog.Search;

namespace SolidarityMarket.Benchmarks;

/// <summary>
/// The search a straightforward EF Core implementation would write, as the benchmark's baseline: every word as
/// <c>LIKE '%word%'</c> (<c>ILIKE</c> on PostgreSQL) over title, description and vendor name (no index can serve it), then one query for the
/// total, one <c>GROUP BY</c> per facet (with the other facets' filters) and one for the page — 7 queries where
/// <see cref="ListingSearch"/> runs 2. Returns the total, to check both agree on what matches.
/// </summary>
public static class NaiveListingSearch
{
    public static async Task<int> RunAsync(CatalogDbContext db, ListingSearchQuery query, DateTimeOffset now, CancellationToken ct)
    {
        var words = SearchWords.Of(query.Text);
        var matched = db.Listings.AsNoTracking().Where(l => l.Status == ListingStatus.Published);
        foreach (var word in words)
        {
            var pattern = $"%{word}%";
            // Case-insensitive like the full-text search: SQLite's LIKE is (for ASCII); PostgreSQL needs ILIKE.
            matched = db.Database.IsNpgsql()
                ? matched.Where(l => EF.Functions.ILike(l.Title, pattern) || EF.Functions.ILike(l.Description, pattern) || EF.Functions.ILike(l.VendorName, pattern))
                : matched.Where(l => EF.Functions.Like(l.Title, pattern) || EF.Functions.Like(l.Description, pattern) || EF.Functions.Like(l.VendorName, pattern));
        }

        var sectors = query.Sectors.ToList();
        var regions = query.Regions.ToList();
        IQueryable<Listing> Filter(IQueryable<Listing> q, string except)
        {
            if (except != "sector" && sectors.Count > 0)
            {
                q = q.Where(l => sectors.Contains(l.Sector));
            }

            if (except != "region" && regions.Count > 0)
            {
                q = q.Where(l => regions.Contains(l.VendorRegion));
            }

            if (except != "certified" && query.Certified is { } certified)
            {
                q = certified ? q.Where(l => l.VendorCertifiedUntil > now) : q.Where(l => l.VendorCertifiedUntil == null || l.VendorCertifiedUntil <= now);
            }

            if (except != "credits" && query.AcceptsCredits is { } credits)
            {
                q = q.Where(l => (l.PriceCredits != null) == credits);
            }

            if (except != "band" && query.PriceBands.Count > 0)
            {
                var bands = query.PriceBands.ToList();
                q = q.Where(l => bands.Contains(l.PriceCents == null ? 0 : l.PriceCents < PriceBands.Band2From ? 1 : l.PriceCents < PriceBands.Band3From ? 2
                    : l.PriceCents < PriceBands.Band4From ? 3 : l.PriceCents < PriceBands.Band5From ? 4 : 5));
            }

            return q;
        }

        var total = await Filter(matched, "").CountAsync(ct);
        await Filter(matched, "sector").GroupBy(l => l.Sector).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        await Filter(matched, "region").GroupBy(l => l.VendorRegion).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        await Filter(matched, "certified").GroupBy(l => l.VendorCertifiedUntil > now).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        await Filter(matched, "credits").GroupBy(l => l.PriceCredits != null).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        await Filter(matched, "band").GroupBy(l => l.PriceCents == null ? 0 : l.PriceCents < PriceBands.Band2From ? 1 : l.PriceCents < PriceBands.Band3From ? 2
            : l.PriceCents < PriceBands.Band4From ? 3 : l.PriceCents < PriceBands.Band5From ? 4 : 5).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        var page = Filter(matched, "");
        page = query.Sort switch
        {
            ListingSort.Price => page.OrderBy(l => l.PriceCents == null).ThenBy(l => l.PriceCents).ThenBy(l => l.Id),
            _ => page.OrderByDescending(l => l.CreatedAt).ThenBy(l => l.Id),
        };
        await page.Skip((query.Page - 1) * query.PageSize).Take(query.PageSize).ToListAsync(ct);
        return total;
    }
}
