using MassTransit;
using Microsoft.Extensions.Logging;
using SolidarityMarket.Contracts.Ledger;
using SolidarityMarket.Ordering.Data;
using SolidarityMarket.Ordering.Orders;
using SolidarityMarket.ServiceDefaults.Messaging;

namespace SolidarityMarket.Ordering.Consumers;

/// <summary>The ledger holds the credits: the order is paid (or, if it ended meanwhile, the hold is voided).</summary>
public sealed class OnCreditsHeld(OrderingDbContext db, TimeProvider time, OrderWorkflow workflow, ILogger<OnCreditsHeld> logger)
    : OrderMessageConsumer<CreditsHeld>(db, time, workflow, logger)
{
    protected override string ConsumerName => "ordering.credits-held";

    protected override Guid OrderId(CreditsHeld message) => message.OrderId;

    protected override (OrderTrigger, string, string?) Describe(CreditsHeld message) => (OrderTrigger.PaymentSucceeded, Actors.Ledger, "credits held");
}

/// <summary>The ledger refused the hold (limit, frozen account, not the buyer's account): the order is cancelled and its stock released.</summary>
public sealed class OnCreditHoldRejected(OrderingDbContext db, TimeProvider time, OrderWorkflow workflow, ILogger<OnCreditHoldRejected> logger)
    : OrderMessageConsumer<CreditHoldRejected>(db, time, workflow, logger)
{
    protected override string ConsumerName => "ordering.credit-hold-rejected";

    protected override Guid OrderId(CreditHoldRejected message) => message.OrderId;

    protected override (OrderTrigger, string, string?) Describe(CreditHoldRejected message) =>
        (OrderTrigger.PaymentRefused, Actors.Ledger, Truncate($"{message.Reason}: {message.Detail}"));

    private static string Truncate(string text) => text.Length <= 500 ? text : text[..500];
}

/// <summary>
/// The ledger could not post or void a hold (e.g. it had expired). No status changes — the order's outcome stands —
/// but the refusal is written into the order's history for an operator to reconcile.
/// </summary>
public sealed class OnCreditSettlementRejected(OrderingDbContext db, TimeProvider time, ILogger<OnCreditSettlementRejected> logger)
    : InboxConsumer<CreditSettlementRejected, OrderingDbContext>(db, time, logger)
{
    private readonly ILogger _logger = logger;

    protected override string ConsumerName => "ordering.credit-settlement-rejected";

    protected override async Task HandleAsync(CreditSettlementRejected message, ConsumeContext<CreditSettlementRejected> context)
    {
        var order = await Db.Orders.AsNoTracking().FirstOrDefaultAsync(o => o.Id == message.OrderId, context.CancellationToken);
        if (order is null)
        {
            return;
        }

        _logger.LogWarning("Ledger refused to {Action} the hold of order {OrderId}: {Reason}", message.Action, message.OrderId, message.Reason);
        var reason = $"ledger refused {message.Action}: {message.Reason} {message.Detail}";
        Db.OrderHistory.Add(new OrderHistoryEntry { OrderId = order.Id, Status = order.Status, At = Time.GetUtcNow(), Actor = Actors.Ledger, Reason = reason.Length <= 500 ? reason : reason[..500] });
    }
}
