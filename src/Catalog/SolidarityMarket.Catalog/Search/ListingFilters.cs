using System.Linq.Expressions;
using SolidarityMarket.Catalog.Data;

namespace SolidarityMarket.Catalog.Search;

/// <summary>
/// A search's filters and its <c>LIKE</c> matching as LINQ over <see cref="Listing"/>, for the pages EF Core composes
/// (newest, price, and everything on SQL Server). The hand-written relevance pages state the same filters in SQL.
/// </summary>
internal static class ListingFilters
{
    public static IQueryable<Listing> Apply(IQueryable<Listing> listings, ListingSearchQuery query, DateTimeOffset now)
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

    /// <summary>Every word occurs in the title, the description or the vendor's name (case-insensitive on SQLite and SQL Server).</summary>
    public static Expression<Func<Listing, bool>> LikeAll(IReadOnlyList<string> words)
    {
        Expression<Func<Listing, bool>> all = l => true;
        foreach (var word in words)
        {
            // Words are letters and digits only (SearchWords), so they need no LIKE escaping.
            var pattern = $"%{word}%";
            Expression<Func<Listing, bool>> one = l =>
                EF.Functions.Like(l.Title, pattern) || EF.Functions.Like(l.Description, pattern) || EF.Functions.Like(l.VendorName, pattern);
            all = Combine(all, one, Expression.AndAlso);
        }

        return all;
    }

    /// <summary>The fallback's relevance for the first word: in the title before in the vendor's name before in the description.</summary>
    public static Expression<Func<Listing, int>> LikeRank(string word)
    {
        var pattern = $"%{word}%";
        return l => (EF.Functions.Like(l.Title, pattern) ? 4 : 0) + (EF.Functions.Like(l.VendorName, pattern) ? 2 : 0) + (EF.Functions.Like(l.Description, pattern) ? 1 : 0);
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

            any = any is null ? one : Combine(any, one, Expression.OrElse);
        }

        return any ?? (l => true);
    }

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
