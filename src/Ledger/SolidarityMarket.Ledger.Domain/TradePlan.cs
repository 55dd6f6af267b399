namespace SolidarityMarket.Ledger.Domain;

/// <summary>
/// The legs of one trade, to submit together with <see cref="LedgerBook.SubmitLinked"/>. For a trade placed as
/// holds, keep the plan (or its intent and <see cref="FeeBasisPoints"/>) with the order to post or void it later.
/// </summary>
public sealed class TradePlan
{
    public TradePlan(Guid tradeId, long amount, IReadOnlyList<TradeLeg> legs, long fee, int feeBasisPoints, bool isHold)
    {
        ArgumentNullException.ThrowIfNull(legs);
        TradeId = tradeId;
        Amount = amount;
        Legs = legs;
        Fee = fee;
        FeeBasisPoints = feeBasisPoints;
        IsHold = isHold;
        var requests = new TransferRequest[legs.Count];
        for (var i = 0; i < requests.Length; i++)
        {
            requests[i] = legs[i].Request;
        }

        Requests = requests;
    }

    public Guid TradeId { get; }

    public long Amount { get; }

    public IReadOnlyList<TradeLeg> Legs { get; }

    /// <summary>The legs' requests in order, ready for <see cref="LedgerBook.SubmitLinked"/>.</summary>
    public IReadOnlyList<TransferRequest> Requests { get; }

    /// <summary>0 when the exchange charges none or the amount is too small for a whole minor unit of fee.</summary>
    public long Fee { get; }

    public int FeeBasisPoints { get; }

    public bool IsHold { get; }

    public bool IsCrossSector => Legs[0].Role == TradeLegRole.PayerToClearing;
}
