using System.Security.Claims;
using Microsoft.Extensions.Logging;
using SolidarityMarket.Ordering.Data;
using SolidarityMarket.Ordering.Orders;

namespace SolidarityMarket.Ordering.Features.Orders;

/// <summary><c>POST /api/ordering/orders/{id}/fulfil</c>: the vendor's staff mark a paid order shipped, delivered or rendered.</summary>
public static class FulfilOrder
{
    public static void Map(IEndpointRouteBuilder group) => group.MapPost("/orders/{id:guid}/fulfil", Handle).WithName("FulfilOrder");

    public static async Task<IResult> Handle(
        Guid id, OrderActions.ReasonRequest? body, ClaimsPrincipal user, OrderingDbContext db, OrderingAccess access, OrderWorkflow workflow,
        ILogger<OrderWorkflow> logger, CancellationToken ct)
    {
        var errors = OrderActions.Validate(body);
        return errors.Any
            ? OrderingProblems.Invalid(errors)
            : await OrderActions.RunAsync(id, OrderActions.Who.VendorStaff, OrderTrigger.Fulfil, body?.Reason, user, db, access, workflow, logger, ct);
    }
}
