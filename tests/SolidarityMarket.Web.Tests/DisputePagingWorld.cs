namespace SolidarityMarket.Web.Tests;

/// <summary>
/// A marketplace of its own for paging the open disputes of <c>/admin/orders</c>, without listings. The disputes list is
/// the whole market's: in the shared world other classes' disputes would move in and out of the pages while a test
/// pages through them, and a page full of these tests' disputes would push those classes' own disputes off the first page.
/// </summary>
public sealed class DisputePagingWorld : MarketWorld
{
    protected override bool SeedsListings => false;
}
