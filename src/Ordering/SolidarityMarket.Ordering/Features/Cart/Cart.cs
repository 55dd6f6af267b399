using System.Security.Claims;
using SolidarityMarket.Ordering.Data;
using SolidarityMarket.ServiceDefaults.Auth;
using SolidarityMarket.ServiceDefaults.Web;

namespace SolidarityMarket.Ordering.Features.Cart;

/// <summary>
/// The signed-in buyer's cart (one per user; nobody else's is reachable):
/// <c>GET /api/ordering/cart</c>; <c>PUT /api/ordering/cart/lines/{listingId}</c> <c>{"quantity": n}</c> adds or sets
/// a line of a published listing (1 ≤ n ≤ the copy's known stock); <c>DELETE /api/ordering/cart/lines/{listingId}</c>.
/// Prices shown are the current ones from Ordering's copy; checkout freezes them.
/// </summary>
public static class Cart
{
    public const int MaxQuantity = 10_000;
    public const int MaxLines = 50;

    public sealed record SetLineRequest(int? Quantity);

    public sealed record CartLineDto(Guid ListingId, Guid VendorId, string Title, int Quantity, long? PriceCents, long? PriceCredits, bool Available);

    public sealed record CartDto(IReadOnlyList<CartLineDto> Lines);

    public static void Map(IEndpointRouteBuilder group)
    {
        group.MapGet("/cart", Get).WithName("GetCart");
        group.MapPut("/cart/lines/{listingId:guid}", SetLine).WithName("SetCartLine");
        group.MapDelete("/cart/lines/{listingId:guid}", RemoveLine).WithName("RemoveCartLine");
    }

    public static async Task<IResult> Get(ClaimsPrincipal user, OrderingDbContext db, CancellationToken ct) =>
        TypedResults.Ok(await ReadAsync(user.UserId(), db, ct));

    public static async Task<IResult> SetLine(Guid listingId, SetLineRequest? body, ClaimsPrincipal user, OrderingDbContext db, TimeProvider time, CancellationToken ct)
    {
        var errors = new RequestErrors().Require(body?.Quantity is >= 1 and <= MaxQuantity, "quantity", $"quantity must be between 1 and {MaxQuantity}.");
        if (errors.Any)
        {
            return OrderingProblems.Invalid(errors);
        }

        var quantity = body!.Quantity!.Value;
        var listing = await db.Listings.AsNoTracking().FirstOrDefaultAsync(l => l.ListingId == listingId, ct);
        if (listing is null)
        {
            return OrderingProblems.NotFound($"Listing {listingId}");
        }

        if (!listing.IsPublished)
        {
            return OrderingProblems.Conflict("listing-not-published", $"Listing {listingId} is not published.");
        }

        if (listing.Stock is { } stock && quantity > stock)
        {
            return OrderingProblems.Conflict("insufficient-stock", $"Only {stock} of listing {listingId} are available.");
        }

        var userId = user.UserId();
        var line = await db.CartLines.FirstOrDefaultAsync(l => l.BuyerUserId == userId && l.ListingId == listingId, ct);
        if (line is null)
        {
            if (await db.CartLines.CountAsync(l => l.BuyerUserId == userId, ct) >= MaxLines)
            {
                return OrderingProblems.Conflict("cart-full", $"A cart holds at most {MaxLines} lines.");
            }

            line = new CartLine { BuyerUserId = userId, ListingId = listingId };
            db.CartLines.Add(line);
        }

        line.Quantity = quantity;
        line.UpdatedAt = time.GetUtcNow();
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // The same buyer added the same listing twice at once: the other request's line stands; answer with the cart.
            db.ChangeTracker.Clear();
        }

        return TypedResults.Ok(await ReadAsync(userId, db, ct));
    }

    public static async Task<IResult> RemoveLine(Guid listingId, ClaimsPrincipal user, OrderingDbContext db, CancellationToken ct)
    {
        var userId = user.UserId();
        await db.CartLines.Where(l => l.BuyerUserId == userId && l.ListingId == listingId).ExecuteDeleteAsync(ct);
        return TypedResults.Ok(await ReadAsync(userId, db, ct));
    }

    private static async Task<CartDto> ReadAsync(string userId, OrderingDbContext db, CancellationToken ct)
    {
        var lines = await db.CartLines.AsNoTracking().Where(l => l.BuyerUserId == userId)
            .Join(db.Listings.AsNoTracking(), c => c.ListingId, l => l.ListingId, (c, l) => new { c, l })
            .ToListAsync(ct);
        return new CartDto([.. lines.OrderBy(x => x.l.Title, StringComparer.Ordinal).Select(x => new CartLineDto(
            x.c.ListingId, x.l.VendorId, x.l.Title, x.c.Quantity, x.l.PriceCents, x.l.PriceCredits, x.l.IsPublished && (x.l.Stock is null || x.l.Stock >= x.c.Quantity)))]);
    }
}
