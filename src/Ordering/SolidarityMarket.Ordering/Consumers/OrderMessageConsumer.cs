using MassTransit;
using Microsoft.Extensions.Logging;
using SolidarityMarket.Ordering.Data;
using SolidarityMarket.Ordering.Orders;
using SolidarityMarket.ServiceDefaults.Messaging;

namespace SolidarityMarket.Ordering.Consumers;

/// <summary>
/// Base of consumers that apply another service's answer to one order: inbox-deduplicated (base class), then the
/// state machine decides — a duplicate or late answer changes nothing or is compensated. A message for an order
/// Ordering does not know (another deployment's, or a forged one) is logged and dropped.
/// </summary>
public abstract class OrderMessageConsumer<TMessage>(OrderingDbContext db, TimeProvider time, OrderWorkflow workflow, ILogger logger)
    : InboxConsumer<TMessage, OrderingDbContext>(db, time, logger)
    where TMessage : class
{
    private readonly ILogger _logger = logger;

    // Compiled: every answer from Catalog or the ledger loads its order (tracked, to be changed and saved).
    private static readonly CompiledQueryPerModel<Func<OrderingDbContext, Guid, CancellationToken, Task<Order?>>> OrderByIdQuery = new(() =>
        EF.CompileAsyncQuery((OrderingDbContext db, Guid orderId, CancellationToken ct) => db.Orders.FirstOrDefault(o => o.Id == orderId)));

    protected abstract Guid OrderId(TMessage message);

    protected abstract (OrderTrigger Trigger, string Actor, string? Reason) Describe(TMessage message);

    /// <summary>Keeps facts of the message on the order when it moved (saved in the same transaction as the move).</summary>
    protected virtual void Applied(Order order, TMessage message)
    {
    }

    protected override async Task HandleAsync(TMessage message, ConsumeContext<TMessage> context)
    {
        var orderId = OrderId(message);
        var order = await OrderByIdQuery.For(Db)(Db, orderId, context.CancellationToken);
        if (order is null)
        {
            _logger.LogWarning("{Consumer}: no order {OrderId}; message ignored", ConsumerName, orderId);
            return;
        }

        var (trigger, actor, reason) = Describe(message);
        var decision = await workflow.ApplyAsync(order, trigger, actor, reason, context.CancellationToken);
        if (decision.Kind == TransitionKind.Apply)
        {
            Applied(order, message);
        }

        if (decision.Kind is TransitionKind.Refused or TransitionKind.Late)
        {
            _logger.LogInformation("{Consumer}: {Trigger} for order {OrderId} in {Status} was {Kind}", ConsumerName, trigger, order.Id, order.Status, decision.Kind);
        }
    }
}
