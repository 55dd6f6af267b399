using System.Security.Claims;
using SolidarityMarket.Ordering.Data;
using SolidarityMarket.ServiceDefaults.Auth;

namespace SolidarityMarket.Ordering.Features.Checkouts;

/// <summary><c>GET /api/ordering/checkouts/{id}</c>: the buyer's checkout, its orders' statuses and the card payment (client secret, status).</summary>
public static class GetCheckout
{
    public static void Map(IEndpointRouteBuilder group) => group.MapGet("/checkouts/{id:guid}", Handle).WithName("GetCheckout");

    public static async Task<IResult> Handle(Guid id, ClaimsPrincipal user, OrderingDbContext db, CancellationToken ct)
    {
        var userId = user.UserId();
        var visible = await db.Checkouts.AsNoTracking().AnyAsync(c => c.Id == id && (c.BuyerUserId == userId || user.IsAdmin()), ct);
        return visible ? TypedResults.Ok(await CheckoutDto.LoadAsync(db, id, ct)) : OrderingProblems.NotFound($"Checkout {id}");
    }
}
