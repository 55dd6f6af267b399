namespace SolidarityMarket.Ledger.Domain;

/// <summary>
/// Turns a trade into ledger legs, all applied as one linked batch:
/// <list type="bullet">
/// <item>same exchange: payer → payee;</item>
/// <item>cross-sector (payer in A, payee in B): payer → clearing(A) in A, and clearing(B) → payee in B, at 1:1.
/// Each exchange stays zero-sum; clearing(A) accumulates what A's members spent in other sectors, clearing(B) goes
/// below zero by what B's members earned from them, within the clearing accounts' limits (the imbalance caps);</item>
/// <item>plus, if the payer's exchange charges a fee and it rounds to at least one minor unit: payer → operating(A).
/// Because the fee leg is in the same batch, the payer's floor is checked against trade and fee together.</item>
/// </list>
/// The planner only builds requests; the ledger checks every rule when they are submitted.
/// </summary>
public static class TradePlanner
{
    public static TradePlanResult Plan(TradeIntent intent, ExchangeDirectory directory)
    {
        ArgumentNullException.ThrowIfNull(intent);
        ArgumentNullException.ThrowIfNull(directory);
        if (intent.TradeId == Guid.Empty)
        {
            return TradePlanResult.Rejected(new Rejection(RejectionReason.MissingId, "A trade needs a client-supplied id (not the empty GUID)."));
        }

        if (intent.Amount <= 0)
        {
            return TradePlanResult.Rejected(new Rejection(RejectionReason.AmountMustBePositive, FormattableString.Invariant($"The amount must be positive; got {intent.Amount}.")));
        }

        if (intent.PayerAccountId == intent.PayeeAccountId)
        {
            return TradePlanResult.Rejected(new Rejection(RejectionReason.SameAccount, "Payer and payee are the same account."));
        }

        var payerExchange = directory.Find(intent.PayerExchangeId);
        var payeeExchange = directory.Find(intent.PayeeExchangeId);
        if (payerExchange is null || payeeExchange is null)
        {
            var unknown = payerExchange is null ? intent.PayerExchangeId : intent.PayeeExchangeId;
            return TradePlanResult.Rejected(new Rejection(RejectionReason.UnknownExchange, $"There is no exchange '{unknown}'."));
        }

        var legs = new List<TradeLeg>(3);
        if (ReferenceEquals(payerExchange, payeeExchange))
        {
            legs.Add(Leg(TradeLegRole.Trade, intent.TradeId, intent.PayerAccountId, intent.PayeeAccountId, intent.Amount, TransferCode.Trade, intent.Memo, intent));
        }
        else
        {
            legs.Add(Leg(TradeLegRole.PayerToClearing, intent.TradeId, intent.PayerAccountId, payerExchange.ClearingAccountId, intent.Amount, TransferCode.Clearing, intent.Memo, intent));
            legs.Add(Leg(TradeLegRole.ClearingToPayee, DeterministicId.Derive(intent.TradeId, "clearing-to-payee"), payeeExchange.ClearingAccountId, intent.PayeeAccountId, intent.Amount, TransferCode.Clearing, intent.Memo, intent));
        }

        // An exchange does not charge itself: no fee when the operating account is the payer.
        var fee = intent.PayerAccountId == payerExchange.OperatingAccountId ? 0 : FeeCalculator.Compute(intent.Amount, payerExchange.FeeBasisPoints);
        if (fee > 0)
        {
            var memo = FormattableString.Invariant($"Fee {payerExchange.FeeBasisPoints} bp on trade {intent.TradeId}");
            legs.Add(Leg(TradeLegRole.Fee, DeterministicId.Derive(intent.TradeId, "fee"), intent.PayerAccountId, payerExchange.OperatingAccountId, fee, TransferCode.Fee, memo, intent));
        }

        return TradePlanResult.Planned(new TradePlan(intent.TradeId, intent.Amount, legs, fee, payerExchange.FeeBasisPoints, intent.AsHold));
    }

    /// <summary>
    /// Posts a trade placed as holds, all of it (<paramref name="amount"/> 0) or a smaller amount; the fee is
    /// recomputed on the amount posted (never more than was held), and its hold voided if that rounds to 0.
    /// The ids are derived from the legs, so a retry is a replay.
    /// </summary>
    public static IReadOnlyList<TransferRequest> PlanPost(TradePlan heldPlan, long amount = 0)
    {
        ArgumentNullException.ThrowIfNull(heldPlan);
        if (!heldPlan.IsHold)
        {
            throw new ArgumentException("Only a trade placed as holds can be posted.", nameof(heldPlan));
        }

        var posted = amount == 0 ? heldPlan.Amount : amount;
        var requests = new TransferRequest[heldPlan.Legs.Count];
        for (var i = 0; i < requests.Length; i++)
        {
            var hold = heldPlan.Legs[i].Request;
            if (heldPlan.Legs[i].Role != TradeLegRole.Fee)
            {
                requests[i] = TransferRequest.PostHold(DeterministicId.Derive(hold.Id, "post"), hold.Id, posted);
                continue;
            }

            var fee = posted < 0 ? 0 : FeeCalculator.Compute(posted, heldPlan.FeeBasisPoints);
            requests[i] = fee > 0
                ? TransferRequest.PostHold(DeterministicId.Derive(hold.Id, "post"), hold.Id, fee)
                : TransferRequest.VoidHold(DeterministicId.Derive(hold.Id, "void"), hold.Id);
        }

        return requests;
    }

    /// <summary>Releases every hold of a trade placed as holds.</summary>
    public static IReadOnlyList<TransferRequest> PlanVoid(TradePlan heldPlan)
    {
        ArgumentNullException.ThrowIfNull(heldPlan);
        if (!heldPlan.IsHold)
        {
            throw new ArgumentException("Only a trade placed as holds can be voided.", nameof(heldPlan));
        }

        var requests = new TransferRequest[heldPlan.Legs.Count];
        for (var i = 0; i < requests.Length; i++)
        {
            var hold = heldPlan.Legs[i].Request;
            requests[i] = TransferRequest.VoidHold(DeterministicId.Derive(hold.Id, "void"), hold.Id);
        }

        return requests;
    }

    private static TradeLeg Leg(TradeLegRole role, Guid id, Guid payer, Guid payee, long amount, TransferCode code, string memo, TradeIntent intent) =>
        new(role, intent.AsHold
            ? TransferRequest.Hold(id, payer, payee, amount, intent.HoldTimeout, code, memo, intent.OrderReference)
            : TransferRequest.Direct(id, payer, payee, amount, code, memo, intent.OrderReference));
}
