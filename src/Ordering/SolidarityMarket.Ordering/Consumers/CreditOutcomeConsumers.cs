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

    /// <summary>The ledger's own expiry of the hold: the deadline jobs settle the order before it (docs/orders.md).</summary>
    protected override void Applied(Order order, CreditsHeld message) => order.HoldExpiresAt = message.ExpiresAt;
}

/// <summary>The ledger refused the hold (limit, frozen account, not the buyer's account): the order is cancelled and its stock released.</summary>
public sealed class OnCreditHoldRejected(OrderingDbContext db, TimeProvider time, OrderWorkflow workflow, ILogger<OnCreditHoldRejected> logger)
    : OrderMessageConsumer<CreditHoldRejected>(db, time, workflow, logger)
{
    protected override string ConsumerName => "ordering.credit-hold-rejected";

    protected override Guid OrderId(CreditHoldRejected message) => message.OrderId;

    protected override (OrderTrigger, string, string?) Describe(CreditHoldRejected message) =>
        (OrderTrigger.PaymentRefused, Actors.Ledger, OrderHistoryEntry.Fit($"{message.Reason}: {message.Detail}"));
}

/// <summary>
/// The ledger could not post or void a hold (e.g. it had expired). No status changes — the order's outcome stands —
/// but it must not go unnoticed: the refusal is written into the order's history and, unless it changes nothing for
/// anyone, kept on the order as its <see cref="Order.SettlementProblem"/>, which puts it on the administrators'
/// attention list (<c>GET /api/ordering/attention</c>) until someone settles it by hand.
/// </summary>
public sealed class OnCreditSettlementRejected(OrderingDbContext db, TimeProvider time, ILogger<OnCreditSettlementRejected> logger)
    : InboxConsumer<CreditSettlementRejected, OrderingDbContext>(db, time, logger)
{
    private readonly ILogger _logger = logger;

    protected override string ConsumerName => "ordering.credit-settlement-rejected";

    protected override async Task HandleAsync(CreditSettlementRejected message, ConsumeContext<CreditSettlementRejected> context)
    {
        var order = await Db.Orders.FirstOrDefaultAsync(o => o.Id == message.OrderId, context.CancellationToken);
        if (order is null)
        {
            return;
        }

        var now = Time.GetUtcNow();
        var reason = OrderHistoryEntry.Fit($"ledger refused {message.Action}: {message.Reason} {message.Detail}");
        if (IsHarmless(message))
        {
            Db.OrderHistory.Add(new OrderHistoryEntry { OrderId = order.Id, Status = order.Status, At = now, Actor = Actors.Ledger, Reason = reason });
            _logger.LogInformation("Order {OrderId}: the hold to void had expired or did not exist yet ({Reason}); the buyer keeps the credits either way", order.Id, message.Reason);
            return;
        }

        if (await SettlementProblems.RecordAsync(Db, order, Actors.Ledger, reason, now, context.CancellationToken))
        {
            _logger.LogError("Ledger refused to {Action} the hold of order {OrderId} ({Status}): {Reason}. The order is on the attention list.", message.Action, order.Id, order.Status, message.Reason);
        }
    }

    /// <summary>
    /// A void that found nothing to release: the hold had expired (expiry gave the buyer the credits back, which is what
    /// the void wanted), or there is no hold yet — the void overtook <c>HoldCredits</c> on its own queue, or the hold was
    /// refused. A hold placed after the void is answered by <c>CreditsHeld</c>, which a cancelled order compensates with
    /// another void (<see cref="Orders.OrderWorkflow"/>), so nobody needs to settle anything by hand.
    /// </summary>
    private static bool IsHarmless(CreditSettlementRejected message) =>
        message.Action.Equals("void", StringComparison.OrdinalIgnoreCase) && message.Reason is "PendingAlreadyExpired" or "PendingNotFound";
}
