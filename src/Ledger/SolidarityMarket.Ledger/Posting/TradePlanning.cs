using SolidarityMarket.Ledger.Data;
using SolidarityMarket.Ledger.Domain;

namespace SolidarityMarket.Ledger.Posting;

/// <summary>
/// Plans a trade between two accounts for the API and for Ordering's commands alike: finds both accounts'
/// exchanges and lets the domain add the clearing legs (across sectors) and the fee leg.
/// </summary>
public static class TradePlanning
{
    public static async Task<TradePlanResult> PlanAsync(LedgerDbContext db, LedgerDirectory directory, TradeIntentInput input, CancellationToken ct)
    {
        var ids = new[] { input.PayerAccountId, input.PayeeAccountId };
        var exchangeOf = await directory.ExchangesOfAsync(db, ids, ct);
        foreach (var id in ids)
        {
            if (!exchangeOf.ContainsKey(id))
            {
                return TradePlanResult.Rejected(new Rejection(RejectionReason.AccountNotFound, $"Account {id} does not exist."));
            }
        }

        var exchanges = await directory.ExchangesAsync(db, ct);
        if (input.FeeBasisPoints is { } stored && exchanges.Find(exchangeOf[input.PayerAccountId]) is { } payerExchange && payerExchange.FeeBasisPoints != stored)
        {
            // A retry of a stored trade is planned at the rate the trade was placed with, not the current one.
            exchanges = new ExchangeDirectory(exchanges.Exchanges.Select(x => ReferenceEquals(x, payerExchange) ? x with { FeeBasisPoints = stored } : x));
        }

        return TradePlanner.Plan(new TradeIntent
        {
            TradeId = input.TradeId,
            PayerAccountId = input.PayerAccountId,
            PayerExchangeId = exchangeOf[input.PayerAccountId],
            PayeeAccountId = input.PayeeAccountId,
            PayeeExchangeId = exchangeOf[input.PayeeAccountId],
            Amount = input.Amount,
            Memo = input.Memo,
            OrderReference = input.OrderReference,
            AsHold = input.HoldTimeout is not null,
            HoldTimeout = input.HoldTimeout,
        }, exchanges);
    }
}

/// <summary>
/// What a caller wants traded; a hold when <see cref="HoldTimeout"/> is set. <see cref="FeeBasisPoints"/> replaces
/// the payer exchange's current rate (a retry of a trade stored at another rate).
/// </summary>
public sealed record TradeIntentInput(Guid TradeId, Guid PayerAccountId, Guid PayeeAccountId, long Amount, string Memo, string? OrderReference, TimeSpan? HoldTimeout, int? FeeBasisPoints = null);
