using MassTransit;
using Microsoft.Extensions.Options;
using SolidarityMarket.Contracts.Ledger;
using SolidarityMarket.Ledger.Data;
using SolidarityMarket.Ledger.Domain;
using SolidarityMarket.Ledger.Features;
using SolidarityMarket.Ledger.Posting;

namespace SolidarityMarket.Ledger.Consumers;

/// <summary>
/// Holds a credit payment for an order. Idempotent through the hold id (the trade id): a redelivered command finds
/// the stored hold and answers <see cref="CreditsHeld"/> again with its stored fee and expiry, so no inbox is needed;
/// the answer is sent only after the hold committed. The stored hold is looked up before anything is re-checked or
/// re-planned: after a fee-rate change, or once the buyer no longer holds the account, planning again would
/// conflict with (or refuse) a hold that exists, and Ordering would reject the order while its credits stay held. A refusal is not remembered by the ledger, so Ordering must treat a late
/// <see cref="CreditsHeld"/> for an order it already rejected by voiding it.
/// </summary>
public sealed class HoldCreditsConsumer(LedgerDbContext db, LedgerWriter writer, IOptions<LedgerOptions> options) : IConsumer<HoldCredits>
{
    public async Task Consume(ConsumeContext<HoldCredits> context)
    {
        var m = context.Message;
        var ct = context.CancellationToken;
        if (DeterministicId.IsReserved(m.HoldId))
        {
            // The ledger derives the ids of posts, voids and reversals in version 8: a hold under such an id could
            // take the id of another hold's settlement. Ordering's order ids are version 7.
            await context.Publish(new CreditHoldRejected(m.HoldId, m.OrderId, "ReservedId",
                $"The hold id {m.HoldId} is a version 8 GUID, reserved for the ids the ledger derives; send a version 4 or 7 id."), ct);
            return;
        }

        if (await StoredHoldAsync(m, ct) is { } stored)
        {
            if (!stored.PlacedByOrdering)
            {
                // A member placed a hold under this order's id first (the id is in their checkout's answer) with the
                // same fields: answering CreditsHeld would make Ordering count on a hold its buyer may void at will.
                await context.Publish(new CreditHoldRejected(m.HoldId, m.OrderId, nameof(RejectionReason.IdAlreadyUsedWithDifferentFields),
                    $"A hold under id {m.HoldId} exists that Ordering did not place."), ct);
                return;
            }

            await context.Publish(new CreditsHeld(m.HoldId, m.OrderId, m.Amount, stored.Fee, stored.ExpiresAt), ct);
            return;
        }

        var holder = await db.Accounts.AsNoTracking().AnyAsync(a => a.Id == m.PayerAccountId && a.Holders.Any(h => h.UserId == m.BuyerUserId), ct);
        if (!holder)
        {
            await context.Publish(new CreditHoldRejected(m.HoldId, m.OrderId, "NotAccountHolder", $"The buyer does not hold account {m.PayerAccountId}."), ct);
            return;
        }

        var timeout = m.TimeoutSeconds is > 0 ? TimeSpan.FromSeconds(m.TimeoutSeconds.Value) : options.Value.DefaultHoldTimeout;
        var planned = await TradePlanning.PlanAsync(db, writer.Directory, new TradeIntentInput(m.HoldId, m.PayerAccountId, m.PayeeAccountId, m.Amount, m.Memo, m.OrderId.ToString(), timeout), ct);
        if (planned.Rejection is { } refused)
        {
            await context.Publish(new CreditHoldRejected(m.HoldId, m.OrderId, refused.RootReason.ToString(), refused.Detail), ct);
            return;
        }

        var result = await writer.SubmitAsync(TransferWork.ForPlan(planned.Plan!, placedByOrdering: true), ct);
        if (result.Rejection is { } rejection)
        {
            await context.Publish(new CreditHoldRejected(m.HoldId, m.OrderId, rejection.RootReason.ToString(), rejection.Detail), ct);
            return;
        }

        await context.Publish(new CreditsHeld(m.HoldId, m.OrderId, m.Amount, planned.Plan!.Fee, result.Transfers[0].ExpiresAt), ct);
    }

    /// <summary>
    /// The fee and expiry of this command's hold when the ledger already has it: a held trade under the hold id
    /// between the same accounts for the same amount, and whether Ordering placed it. Anything else under that id is
    /// left to the writer, which refuses it as a conflict.
    /// </summary>
    private async Task<(long Fee, DateTimeOffset? ExpiresAt, bool PlacedByOrdering)?> StoredHoldAsync(HoldCredits m, CancellationToken ct)
    {
        var trade = await HeldTrades.LoadAsync(db, m.HoldId, TransferKind.Pending, ct);
        if (trade is null || trade.Amount != m.Amount || HeldTrades.Parties(trade) != (m.PayerAccountId, m.PayeeAccountId))
        {
            return null;
        }

        var first = trade.Legs[0].Request.Id;
        var hold = await db.Transfers.AsNoTracking().Where(t => t.Id == first).Select(t => new { t.PlacedByOrdering, t.ExpiresAt }).SingleAsync(ct);
        return (trade.Fee, hold.ExpiresAt, hold.PlacedByOrdering);
    }
}
