using System.Security.Claims;
using Microsoft.Extensions.Logging;
using SolidarityMarket.Ledger.Data;
using SolidarityMarket.Ledger.Posting;

namespace SolidarityMarket.Ledger.Features;

/// <summary>
/// <c>POST /api/ledger/payment-requests/{id}/pay</c>, by a holder of the payer account: pays an accepted request
/// (an obligation) with a trade from payer to payee; status Paid with the trade's id. An open request must be
/// accepted first (<c>accept</c> with <c>payNow: true</c> does both). Repeating it answers 200 with the paid request;
/// the ledger applies the trade once. A refusal by the ledger leaves the request accepted.
/// </summary>
public static class PaymentRequestsPay
{
    public static void Map(IEndpointRouteBuilder group) => group.MapPost(PaymentRequests.Route + "/{id:guid}/pay", Handle).WithName("PayPaymentRequest");

    public static Task<IResult> Handle(
        Guid id, ClaimsPrincipal user, LedgerDbContext db, LedgerAccess access, LedgerWriter writer, TimeProvider time,
        ILoggerFactory loggers, CancellationToken ct) =>
        PaymentRequestsPayment.PayAsync(id, acceptIfOpen: false, "paid", user, db, access, writer, time,
            loggers.CreateLogger(typeof(PaymentRequests).FullName!), ct);
}
