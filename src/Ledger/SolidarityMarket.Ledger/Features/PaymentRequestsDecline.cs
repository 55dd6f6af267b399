using System.Security.Claims;
using Microsoft.Extensions.Logging;
using SolidarityMarket.Ledger.Data;

namespace SolidarityMarket.Ledger.Features;

/// <summary>
/// <c>POST /api/ledger/payment-requests/{id}/decline</c> <c>{"reason": "..."}</c> (optional, ≤ 500), by a holder of
/// the payer account: an open request becomes Declined. An accepted one can no longer be declined (it is an
/// obligation; the payee may cancel it). Declining again answers 200.
/// </summary>
public static class PaymentRequestsDecline
{
    public static void Map(IEndpointRouteBuilder group) => group.MapPost(PaymentRequests.Route + "/{id:guid}/decline", Handle).WithName("DeclinePaymentRequest");

    public static async Task<IResult> Handle(
        Guid id, PaymentRequests.ReasonRequest? body, ClaimsPrincipal user, LedgerDbContext db, LedgerAccess access, TimeProvider time,
        ILoggerFactory loggers, CancellationToken ct)
    {
        var errors = PaymentRequests.ValidateReason(body);
        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        return await PaymentRequests.TransitionAsync(id, PaymentRequests.Side.Payer, "declined", user, db, access, time,
            loggers.CreateLogger(typeof(PaymentRequests).FullName!),
            r => r.PaymentInProgress ? PaymentRequests.Decision.Refuse : r.Status switch
            {
                PaymentRequestStatus.Open => PaymentRequests.Decision.Apply,
                PaymentRequestStatus.Declined => PaymentRequests.Decision.Replay,
                _ => PaymentRequests.Decision.Refuse,
            },
            (r, now, userId) =>
            {
                r.Status = PaymentRequestStatus.Declined;
                r.ClosedAt = now;
                r.ClosedBy = userId;
                r.CloseReason = PaymentRequests.Reason(body);
            },
            ct);
    }
}
