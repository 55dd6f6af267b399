using System.Security.Claims;
using Microsoft.Extensions.Logging;
using SolidarityMarket.Ordering.Data;
using SolidarityMarket.Ordering.Orders;
using SolidarityMarket.ServiceDefaults.Web;

namespace SolidarityMarket.Ordering.Features.Orders;

/// <summary>
/// <c>POST /api/ordering/orders/{id}/resolve</c> <c>{"outcome": "completed"|"refunded", "reason": "..."}</c>, administrators
/// only: a disputed order is completed (credits posted) or refunded (hold voided, card refunded with transfer reversal).
/// Not by an administrator who is the order's buyer or on the vendor's staff (403), as nobody certifies their own
/// organization in Catalog: another administrator decides.
/// </summary>
public static class ResolveDispute
{
    public sealed record ResolveRequest(string? Outcome, string? Reason);

    public static void Map(IEndpointRouteBuilder group) => group.MapPost("/orders/{id:guid}/resolve", Handle).WithName("ResolveDispute");

    public static async Task<IResult> Handle(
        Guid id, ResolveRequest? body, ClaimsPrincipal user, OrderingDbContext db, OrderingAccess access, OrderWorkflow workflow,
        ILogger<OrderWorkflow> logger, CancellationToken ct)
    {
        var outcome = body?.Outcome?.Trim().ToLowerInvariant();
        var errors = new RequestErrors()
            .Require(outcome is "completed" or "refunded", "outcome", "outcome must be completed or refunded.")
            .Text(body?.Reason, "reason", OrderActions.MaxReasonLength, required: false);
        if (errors.Any)
        {
            return OrderingProblems.Invalid(errors);
        }

        var trigger = outcome == "completed" ? OrderTrigger.ResolveCompleted : OrderTrigger.ResolveRefunded;
        return await OrderActions.RunAsync(id, OrderActions.Who.ImpartialAdmin, trigger, body?.Reason, user, db, access, workflow, logger, ct);
    }
}
