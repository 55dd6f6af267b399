using System.Security.Claims;
using Microsoft.Extensions.Logging;
using SolidarityMarket.Ledger.Data;

namespace SolidarityMarket.Ledger.Features;

/// <summary>
/// <c>POST /api/ledger/payment-requests/{id}/cancel</c> <c>{"reason": "..."}</c> (optional, ≤ 500), by a holder of
/// the payee account: an open or accepted request that is not paid (nor being paid) becomes Cancelled — withdrawing
/// the invoice, or forgiving the obligation. Cancelling again answers 200.
/// </summary>
public static class PaymentRequestsCancel
{
    public static void Map(IEndpointRouteBuilder group) => group.MapPost(PaymentRequests.Route + "/{id:guid}/cancel", Handle).WithName("CancelPaymentRequest");

    public static async Task<IResult> Handle(
        Guid id, PaymentRequests.ReasonRequest? body, ClaimsPrincipal user, LedgerDbContext db, LedgerAccess access, TimeProvider time,
        ILoggerFactory loggers, CancellationToken ct)
    {
        var errors = PaymentRequests.ValidateReason(body);
        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        return await PaymentRequests.TransitionAsync(id, PaymentRequests.Side.Payee, "cancelled", user, db, access, time,
            loggers.CreateLogger(typeof(PaymentRequests).FullName!),
            r => r.PaymentInProgress ? PaymentRequests.Decision.Refuse : r.Status switch
            {
                PaymentRequestStatus.Open or PaymentRequestStatus.Accepted => PaymentRequests.Decision.Apply,
                PaymentRequestStatus.Cancelled => PaymentRequests.Decision.Replay,
                _ => PaymentRequests.Decision.Refuse,
            },
            (r, now, userId) =>
            {
                r.Status = PaymentRequestStatus.Cancelled;
                r.ClosedAt = now;
                r.ClosedBy = userId;
                r.CloseReason = PaymentRequests.Reason(body);
            },
            ct);
    }
}
