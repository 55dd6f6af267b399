using System.Security.Claims;
using Microsoft.Extensions.Logging;
using SolidarityMarket.Ordering.Data;
using SolidarityMarket.Ordering.Features.Orders;
using SolidarityMarket.Ordering.Orders;
using SolidarityMarket.ServiceDefaults.Auth;
using SolidarityMarket.ServiceDefaults.Web;

namespace SolidarityMarket.Ordering.Features.Attention;

/// <summary>
/// <c>POST /api/ordering/orders/{id}/settlement-problem/clear</c> <c>{"note": "..."}</c>, administrators only: after
/// someone settled a refused credit settlement by hand (e.g. a direct ledger transfer), this takes the order off the
/// attention list. The note is required and goes into the order's history with who cleared it, so the flag is never
/// cleared silently; the order's status does not change. 409 when the order has no settlement problem.
/// </summary>
public static class ClearSettlementProblem
{
    public sealed record ClearRequest(string? Note);

    public static void Map(IEndpointRouteBuilder group) =>
        group.MapPost("/orders/{id:guid}/settlement-problem/clear", Handle).RequireAuthorization(Policies.Admin).WithName("ClearSettlementProblem");

    public static async Task<IResult> Handle(
        Guid id, ClearRequest? body, ClaimsPrincipal user, OrderingDbContext db, TimeProvider time, ILogger<ClearRequest> logger, CancellationToken ct)
    {
        var errors = new RequestErrors().Text(body?.Note, "note", OrderActions.MaxReasonLength);
        if (errors.Any)
        {
            return OrderingProblems.Invalid(errors);
        }

        var order = await db.Orders.FirstOrDefaultAsync(o => o.Id == id, ct);
        if (order is null)
        {
            return OrderingProblems.NotFound($"Order {id}");
        }

        if (order.SettlementProblem is null)
        {
            return OrderingProblems.Conflict("no-settlement-problem", "This order has no settlement problem to clear.");
        }

        var note = body!.Note!.Trim();
        SettlementProblems.Clear(db, order, user.UserId(), note, time.GetUtcNow());
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return OrderingProblems.Conflict("order-changed", "The order changed while this action was applied; try again.");
        }

        logger.LogInformation("Administrator {UserId} cleared the settlement problem of order {OrderId}: {Note}", user.UserId(), id, note);
        return await OrderActions.AnswerAsync(db, id, ct);
    }
}
