using System.Security.Claims;
using Microsoft.Extensions.Logging;
using SolidarityMarket.Ordering.Data;
using SolidarityMarket.Ordering.Orders;

namespace SolidarityMarket.Ordering.Features.Orders;

/// <summary><c>POST /api/ordering/orders/{id}/confirm-receipt</c>: the buyer confirms a fulfilled order; it completes and held credits are posted.</summary>
public static class ConfirmReceipt
{
    public static void Map(IEndpointRouteBuilder group) => group.MapPost("/orders/{id:guid}/confirm-receipt", Handle).WithName("ConfirmReceipt");

    public static async Task<IResult> Handle(
        Guid id, OrderActions.ReasonRequest? body, ClaimsPrincipal user, OrderingDbContext db, OrderingAccess access, OrderWorkflow workflow,
        ILogger<OrderWorkflow> logger, CancellationToken ct)
    {
        var errors = OrderActions.Validate(body);
        return errors.Any
            ? OrderingProblems.Invalid(errors)
            : await OrderActions.RunAsync(id, OrderActions.Who.Buyer, OrderTrigger.ConfirmReceipt, body?.Reason, user, db, access, workflow, logger, ct);
    }
}
