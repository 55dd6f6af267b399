using SolidarityMarket.Ledger.Data;
using SolidarityMarket.Ledger.Domain;
using SolidarityMarket.ServiceDefaults.Auth;

namespace SolidarityMarket.Ledger.Features;

/// <summary>
/// <c>GET /api/ledger/exchange-positions</c> (administrators): each exchange's cross-sector position — its clearing
/// account's balance (positive: its members paid other sectors more than they were paid; negative: the reverse) with
/// pending holds and the imbalance cap — their sum over the network, and the settlements that would bring every
/// position to zero (what a settlement run would preview now).
/// </summary>
public static class ExchangePositions
{
    public sealed record PositionDto(
        string ExchangeId, Guid ClearingAccountId, long Position, long PendingDebits, long PendingCredits, long DebitCap, long CreditCap, bool WithinCaps);

    public sealed record SettlementDto(string FromExchangeId, string ToExchangeId, long Amount);

    public sealed record Report(IReadOnlyList<PositionDto> Exchanges, long NetworkSum, IReadOnlyList<SettlementDto> ProposedSettlements);

    public static void Map(IEndpointRouteBuilder group) =>
        group.MapGet("/exchange-positions", Handle).RequireAuthorization(Policies.Admin).WithName("ExchangePositions");

    public static async Task<IResult> Handle(LedgerDbContext db, CancellationToken ct)
    {
        var positions = await ReadAsync(db, ct);
        return TypedResults.Ok(new Report(
            positions,
            positions.Sum(p => p.Position),
            Plan(positions).Select(s => new SettlementDto(s.FromExchangeId, s.ToExchangeId, s.Amount)).ToList()));
    }

    /// <summary>The settlements that bring these positions to zero (what a settlement run previews).</summary>
    public static IReadOnlyList<ExchangeSettlement> Plan(IEnumerable<PositionDto> positions) =>
        ExchangeSettlementPlanner.Plan(positions.Select(p => new ExchangePosition(p.ExchangeId, p.Position)).ToList());

    /// <summary>Every exchange's clearing account, in exchange id order.</summary>
    public static async Task<List<PositionDto>> ReadAsync(LedgerDbContext db, CancellationToken ct)
    {
        var rows = await (
            from x in db.Exchanges.AsNoTracking()
            join a in db.Accounts.AsNoTracking() on x.ClearingAccountId equals a.Id
            select new { x.Id, a.Balance, ClearingAccountId = a.Id, a.PendingDebits, a.PendingCredits, a.DebitLimit, a.CreditLimit })
            .ToListAsync(ct);
        return rows.OrderBy(r => r.Id, StringComparer.Ordinal)
            .Select(r => new PositionDto(r.Id, r.ClearingAccountId, r.Balance, r.PendingDebits, r.PendingCredits, r.DebitLimit, r.CreditLimit,
                r.Balance >= -r.DebitLimit && r.Balance <= r.CreditLimit))
            .ToList();
    }
}
