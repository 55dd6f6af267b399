using SolidarityMarket.Ledger.Data;
using SolidarityMarket.Ledger.Domain;

namespace SolidarityMarket.Ledger.Features;

/// <summary>
/// Rebuilds the plan of a trade from its stored legs, so that a held trade is posted or voided as a whole, at the
/// fee rate it was placed with, and a posted trade is reversed leg by leg.
/// </summary>
public static class HeldTrades
{
    public static async Task<TradePlan?> LoadAsync(LedgerDbContext db, Guid tradeId, TransferKind kind, CancellationToken ct)
    {
        var legs = await db.Transfers.AsNoTracking().Where(t => t.TradeId == tradeId && t.Kind == kind).ToListAsync(ct);
        if (legs.Count == 0)
        {
            return null;
        }

        var ordered = legs.OrderBy(l => l.TradeRole).ToList();
        var main = ordered[0];
        var fee = ordered.FirstOrDefault(l => l.TradeRole == TradeLegRole.Fee)?.Amount ?? 0;
        return new TradePlan(tradeId, main.Amount,
            ordered.Select(l => new TradeLeg(l.TradeRole!.Value, l.ToDomain().Request)).ToList(),
            fee, main.TradeFeeBasisPoints ?? 0, isHold: kind == TransferKind.Pending);
    }

    /// <summary>
    /// The people's ends of a planned trade: the payer of its first leg and the payee of its last payee-facing leg.
    /// Across sectors each leg has a clearing account on one side, so a leg alone does not name both parties.
    /// </summary>
    public static (Guid Payer, Guid Payee) Parties(TradePlan plan) => (
        plan.Legs[0].Request.DebitAccountId,
        plan.Legs.Last(l => l.Role != TradeLegRole.Fee).Request.CreditAccountId);

    /// <summary>
    /// The accounts whose holders may see a transfer: its own two, and for a payer-to-payee leg of a planned trade
    /// also those of the trade's other such legs of the same kind, so that both parties of a cross-sector trade
    /// reach it by the trade's id. A fee leg stays between the payer and the exchange.
    /// </summary>
    public static async Task<IReadOnlyCollection<Guid>> PartyAccountsAsync(LedgerDbContext db, TransferRecord transfer, CancellationToken ct)
    {
        var accounts = new HashSet<Guid> { transfer.DebitAccountId, transfer.CreditAccountId };
        if (transfer.TradeId is { } tradeId && transfer.TradeRole is not null and not TradeLegRole.Fee)
        {
            var legs = await db.Transfers.AsNoTracking()
                .Where(t => t.TradeId == tradeId && t.Kind == transfer.Kind && t.TradeRole != TradeLegRole.Fee)
                .Select(t => new { t.DebitAccountId, t.CreditAccountId })
                .ToListAsync(ct);
            accounts.UnionWith(legs.SelectMany(l => new[] { l.DebitAccountId, l.CreditAccountId }));
        }

        return accounts;
    }
}
