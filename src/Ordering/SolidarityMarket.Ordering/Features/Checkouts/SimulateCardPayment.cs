using System.Security.Claims;
using SolidarityMarket.Ordering.Data;
using SolidarityMarket.Ordering.Payments;
using SolidarityMarket.ServiceDefaults.Auth;
using SolidarityMarket.ServiceDefaults.Web;

namespace SolidarityMarket.Ordering.Features.Checkouts;

/// <summary>
/// SIMULATED card payments only: <c>POST /api/ordering/checkouts/{id}/simulated-payment</c> <c>{"outcome": "succeed"|"fail"}</c>,
/// by the checkout's buyer, stands in for the card form. Mapped only while no Stripe key is configured, and answers
/// 404 if another gateway is registered anyway. It tells Ordering what the provider would, through
/// <see cref="ICardPaymentEvents"/>.
/// </summary>
public static class SimulateCardPayment
{
    public sealed record SimulateRequest(string? Outcome);

    public static void Map(IEndpointRouteBuilder group) => group.MapPost("/checkouts/{id:guid}/simulated-payment", Handle).WithName("SimulateCardPayment");

    public static async Task<IResult> Handle(
        Guid id, SimulateRequest? body, ClaimsPrincipal user, OrderingDbContext db, ICardPaymentGateway gateway, ICardPaymentEvents events, CancellationToken ct)
    {
        var outcome = body?.Outcome?.Trim().ToLowerInvariant();
        if (outcome is not ("succeed" or "fail"))
        {
            return OrderingProblems.Invalid(new RequestErrors().Add("outcome", "outcome must be succeed or fail."));
        }

        var userId = user.UserId();
        var checkout = await db.Checkouts.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id && c.BuyerUserId == userId, ct);
        if (gateway is not SimulatedCardGateway simulated || checkout is null)
        {
            return OrderingProblems.NotFound($"Checkout {id}");
        }

        if (checkout.CardPaymentId is null)
        {
            return OrderingProblems.Conflict("no-card-payment", "The checkout has no card payment (yet): its card orders are still waiting for stock, or none has stock.");
        }

        CardPayment payment;
        try
        {
            payment = await simulated.CompleteAsync(checkout.CardPaymentId, outcome == "succeed", ct);
        }
        catch (CardGatewayException refused)
        {
            return OrderingProblems.Conflict("card-payment-cancelled", refused.Message);
        }

        try
        {
            if (outcome == "succeed")
            {
                await events.PaymentSucceededAsync(payment, ct);
            }
            else
            {
                await events.PaymentFailedAsync(payment, ct);
            }
        }
        catch (DbUpdateConcurrencyException)
        {
            // Still contended after the events' own retries; the simulated payment is recorded, so asking again applies it.
            return OrderingProblems.Conflict("checkout-busy", "The checkout is being changed by other work; try again.");
        }

        return TypedResults.Ok(await CheckoutDto.LoadAsync(db, id, ct));
    }
}
