using System.Security.Claims;
using Microsoft.Extensions.Logging;
using SolidarityMarket.Ledger.Data;
using SolidarityMarket.Ledger.Posting;

namespace SolidarityMarket.Ledger.Features;

/// <summary>
/// <c>POST /api/ledger/payment-requests/{id}/accept</c> <c>{"payNow": true|false}</c>, by a holder of the payer
/// account. "Accept" means one of two things, and the payer must say which:
/// <list type="bullet">
/// <item><c>payNow: true</c> — accept and pay now: a trade from payer to payee (see
/// <see cref="PaymentRequestsPayment"/>), status Paid with the trade's id. On an already accepted request it pays it.
/// If the ledger refuses the trade (limits, frozen account) the request stays as it was and the answer is the
/// ledger's ProblemDetails;</item>
/// <item><c>payNow: false</c> — accept to pay later: status Accepted, an obligation until paid
/// (<c>POST .../pay</c>), which multilateral clearing may net. Refused (422 <c>account-frozen</c>,
/// <c>account-closed</c>) while either account is frozen or closed.</item>
/// </list>
/// Repeating an acceptance that already happened answers 200 with the request as it is.
/// </summary>
public static class PaymentRequestsAccept
{
    public sealed record AcceptRequest(bool? PayNow);

    public static void Map(IEndpointRouteBuilder group) => group.MapPost(PaymentRequests.Route + "/{id:guid}/accept", Handle).WithName("AcceptPaymentRequest");

    public static async Task<IResult> Handle(
        Guid id, AcceptRequest? body, ClaimsPrincipal user, LedgerDbContext db, LedgerAccess access, LedgerWriter writer,
        TimeProvider time, ILoggerFactory loggers, CancellationToken ct)
    {
        if (body?.PayNow is not { } payNow)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["payNow"] = ["payNow is required: true accepts and pays now, false accepts to pay later."],
            });
        }

        var logger = loggers.CreateLogger(typeof(PaymentRequests).FullName!);
        if (payNow)
        {
            return await PaymentRequestsPayment.PayAsync(id, acceptIfOpen: true, "accepted and paid", user, db, access, writer, time, logger, ct);
        }

        return await PaymentRequests.TransitionAsync(id, PaymentRequests.Side.Payer, "accepted", user, db, access, time, logger,
            r => r.PaymentInProgress ? PaymentRequests.Decision.Refuse : r.Status switch
            {
                PaymentRequestStatus.Open => PaymentRequests.Decision.Apply,
                PaymentRequestStatus.Accepted => PaymentRequests.Decision.Replay,
                _ => PaymentRequests.Decision.Refuse,
            },
            (r, now, userId) =>
            {
                r.Status = PaymentRequestStatus.Accepted;
                r.AcceptedAt = now;
                r.AcceptedBy = userId;
            },
            ct,
            // An obligation is not taken on against an account that can neither pay nor be paid (accepting and
            // paying now is refused by the ledger itself, account-frozen or account-closed).
            r => PaymentRequests.RefuseInactiveAsync(db, r.PayerAccountId, r.PayeeAccountId, ct));
    }
}
