using MassTransit;
using SolidarityMarket.Contracts.Ledger;
using SolidarityMarket.Ledger.Data;
using SolidarityMarket.Ledger.Domain;
using SolidarityMarket.Ledger.Features;
using SolidarityMarket.Ledger.Posting;

namespace SolidarityMarket.Ledger.Consumers;

/// <summary>
/// Posts (order completed) or voids (order cancelled) a held credit payment — every leg of the held trade. The
/// settling transfers' ids derive from the hold's, so a redelivered command is a replay. Success is announced by
/// the ledger's own events (TransferPosted / HoldVoided with the order reference); a refusal by
/// <see cref="CreditSettlementRejected"/>.
/// </summary>
public abstract class SettleHoldConsumer<T>(LedgerDbContext db, LedgerWriter writer) : IConsumer<T>
    where T : class
{
    protected abstract (Guid HoldId, Guid OrderId, string Action) Describe(T message);

    protected abstract IReadOnlyList<TransferRequest> Settle(TradePlan plan, T message);

    public async Task Consume(ConsumeContext<T> context)
    {
        var (holdId, orderId, action) = Describe(context.Message);
        var plan = await HeldTrades.LoadAsync(db, holdId, TransferKind.Pending, context.CancellationToken);
        if (plan is null)
        {
            await context.Publish(new CreditSettlementRejected(holdId, orderId, action, nameof(RejectionReason.PendingNotFound), $"There is no held trade {holdId}."));
            return;
        }

        var result = await writer.SubmitAsync(new TransferWork(LedgerCommand.SubmitLinked(Settle(plan, context.Message))) { SettlesTradeId = holdId }, context.CancellationToken);
        if (result.Rejection is { } rejection)
        {
            await context.Publish(new CreditSettlementRejected(holdId, orderId, action, rejection.RootReason.ToString(), rejection.Detail));
        }
    }
}

public sealed class PostHoldConsumer(LedgerDbContext db, LedgerWriter writer) : SettleHoldConsumer<PostHold>(db, writer)
{
    protected override (Guid, Guid, string) Describe(PostHold message) => (message.HoldId, message.OrderId, "post");

    protected override IReadOnlyList<TransferRequest> Settle(TradePlan plan, PostHold message) => TradePlanner.PlanPost(plan, message.Amount ?? 0);
}

public sealed class VoidHoldConsumer(LedgerDbContext db, LedgerWriter writer) : SettleHoldConsumer<VoidHold>(db, writer)
{
    protected override (Guid, Guid, string) Describe(VoidHold message) => (message.HoldId, message.OrderId, "void");

    protected override IReadOnlyList<TransferRequest> Settle(TradePlan plan, VoidHold message) => TradePlanner.PlanVoid(plan);
}
