using System.Security.Claims;
using Microsoft.Extensions.Logging;
using SolidarityMarket.Ordering.Data;
using SolidarityMarket.Ordering.Orders;

namespace SolidarityMarket.Ordering.Features.Orders;

/// <summary><c>POST /api/ordering/orders/{id}/cancel</c>: the buyer or the vendor's staff cancel before fulfilment; stock is released, the hold voided or the card refunded.</summary>
public static class CancelOrder
{
    public static void Map(IEndpointRouteBuilder group) => group.MapPost("/orders/{id:guid}/cancel", Handle).WithName("CancelOrder");

    public static async Task<IResult> Handle(
        Guid id, OrderActions.ReasonRequest? body, ClaimsPrincipal user, OrderingDbContext db, OrderingAccess access, OrderWorkflow workflow,
        ILogger<OrderWorkflow> logger, CancellationToken ct)
    {
        var errors = OrderActions.Validate(body);
        return errors.Any
            ? OrderingProblems.Invalid(errors)
            : await OrderActions.RunAsync(id, OrderActions.Who.Buyer | OrderActions.Who.VendorStaff, OrderTrigger.Cancel, body?.Reason, user, db, access, workflow, logger, ct);
    }
}
