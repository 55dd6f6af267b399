using System.Security.Claims;
using Microsoft.Extensions.Logging;
using SolidarityMarket.Ordering.Data;
using SolidarityMarket.Ordering.Orders;

namespace SolidarityMarket.Ordering.Features.Orders;

/// <summary><c>POST /api/ordering/orders/{id}/dispute</c>: the buyer disputes a paid or fulfilled order; an administrator resolves it.</summary>
public static class DisputeOrder
{
    public static void Map(IEndpointRouteBuilder group) => group.MapPost("/orders/{id:guid}/dispute", Handle).WithName("DisputeOrder");

    public static async Task<IResult> Handle(
        Guid id, OrderActions.ReasonRequest? body, ClaimsPrincipal user, OrderingDbContext db, OrderingAccess access, OrderWorkflow workflow,
        ILogger<OrderWorkflow> logger, CancellationToken ct)
    {
        var errors = OrderActions.Validate(body);
        return errors.Any
            ? OrderingProblems.Invalid(errors)
            : await OrderActions.RunAsync(id, OrderActions.Who.Buyer, OrderTrigger.Dispute, body?.Reason, user, db, access, workflow, logger, ct);
    }
}
