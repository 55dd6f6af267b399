using SolidarityMarket.Ledger.Data;
using SolidarityMarket.ServiceDefaults.Auth;

namespace SolidarityMarket.Ledger.Features;

/// <summary>
/// <c>GET /api/ledger/obligations</c> (administrators): every accepted, unpaid payment request — who owes whom how
/// much (<c>outstanding</c>: the amount less what clearing runs set off), with both accounts' exchanges. This is the
/// network of open obligations c(i→j) that a clearing run nets. <c>paymentInProgress</c> marks one whose payment is
/// being made right now (a clearing run skips it).
/// </summary>
public static class PaymentRequestsObligations
{
    public sealed record Obligation(
        Guid RequestId, Guid PayerAccountId, string PayerExchangeId, Guid PayeeAccountId, string PayeeExchangeId,
        long Amount, DateOnly DueDate, DateTimeOffset? AcceptedAt, bool PaymentInProgress, long ClearedAmount, long Outstanding);

    public static void Map(IEndpointRouteBuilder group) =>
        group.MapGet("/obligations", Handle).RequireAuthorization(Policies.Admin).WithName("ListObligations");

    public static async Task<Ok<List<Obligation>>> Handle(LedgerDbContext db, CancellationToken ct)
    {
        var rows = await (
            from r in db.PaymentRequests.AsNoTracking()
            where r.Status == PaymentRequestStatus.Accepted
            join payer in db.Accounts.AsNoTracking() on r.PayerAccountId equals payer.Id
            join payee in db.Accounts.AsNoTracking() on r.PayeeAccountId equals payee.Id
            orderby r.Id
            select new { r.Id, r.PayerAccountId, PayerExchangeId = payer.ExchangeId, r.PayeeAccountId, PayeeExchangeId = payee.ExchangeId, r.Amount, r.ClearedAmount, r.DueDate, r.AcceptedAt, r.TransferId })
            .ToListAsync(ct);
        return TypedResults.Ok(rows.Select(o => new Obligation(
            o.Id, o.PayerAccountId, o.PayerExchangeId, o.PayeeAccountId, o.PayeeExchangeId, o.Amount, o.DueDate, o.AcceptedAt, o.TransferId is not null, o.ClearedAmount, o.Amount - o.ClearedAmount)).ToList());
    }
}
