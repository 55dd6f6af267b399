using System.Security.Claims;
using SolidarityMarket.Ledger.Data;

namespace SolidarityMarket.Ledger.Features;

/// <summary><c>GET /api/ledger/payment-requests/{id}</c>: for holders of the payer or the payee account, and administrators; anyone else gets 404.</summary>
public static class PaymentRequestsGet
{
    public static void Map(IEndpointRouteBuilder group) => group.MapGet(PaymentRequests.Route + "/{id:guid}", Handle).WithName("GetPaymentRequest");

    public static async Task<IResult> Handle(Guid id, ClaimsPrincipal user, LedgerDbContext db, LedgerAccess access, CancellationToken ct)
    {
        var request = await db.PaymentRequests.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, ct);
        if (request is null)
        {
            return PaymentRequests.NotFound(id);
        }

        return await PaymentRequests.AuthorizeAsync(user, request, side: null, access, ct) ?? PaymentRequests.Ok(request);
    }
}
