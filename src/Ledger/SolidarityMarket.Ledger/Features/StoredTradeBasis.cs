using SolidarityMarket.Ledger.Data;
using SolidarityMarket.Ledger.Domain;

namespace SolidarityMarket.Ledger.Features;

/// <summary>
/// What a trade stored under an id was planned with that is not the client's to send: the payer exchange's fee rate
/// (it sets the fee leg's amount and memo) and, for a hold placed without <c>holdTimeoutSeconds</c>, the default
/// timeout then in force. Both may have changed since (the rate is re-read every 30 s, the default is a setting), and
/// re-planning a retry at today's values made the legs differ from the stored ones: a 409 for a request whose own
/// fields are identical. Read only after the writer answered a conflict, so a new trade pays nothing for it.
/// </summary>
public sealed record StoredTradeBasis(int FeeBasisPoints, TimeSpan? HoldTimeout)
{
    /// <summary>The basis of the trade whose payer-side leg has id <paramref name="tradeId"/>, or null if none is stored.</summary>
    public static async Task<StoredTradeBasis?> LoadAsync(LedgerDbContext db, Guid tradeId, CancellationToken ct)
    {
        var main = await db.Transfers.AsNoTracking()
            .Where(t => t.Id == tradeId && t.TradeId == tradeId && (t.Kind == TransferKind.Direct || t.Kind == TransferKind.Pending))
            .Select(t => new { t.TradeFeeBasisPoints, t.TimeoutTicks })
            .FirstOrDefaultAsync(ct);
        return main is null ? null : new StoredTradeBasis(main.TradeFeeBasisPoints ?? 0, main.TimeoutTicks is { } ticks ? TimeSpan.FromTicks(ticks) : null);
    }
}
