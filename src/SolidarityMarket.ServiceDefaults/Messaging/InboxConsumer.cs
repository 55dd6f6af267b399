using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace SolidarityMarket.ServiceDefaults.Messaging;

/// <summary>
/// Base of every consumer: applies a message at most once per consumer. The consumer's effect, any outbox messages
/// it writes and the inbox row (message id + consumer name) commit in one transaction; a second delivery of the
/// same message id finds the row and does nothing. Two concurrent deliveries race on the inbox primary key: the
/// loser rolls back and is treated as a duplicate.
/// </summary>
public abstract class InboxConsumer<TMessage, TContext>(TContext db, TimeProvider time, ILogger logger) : IConsumer<TMessage>
    where TMessage : class
    where TContext : ServiceDbContext
{
    protected TContext Db { get; } = db;

    protected TimeProvider Time { get; } = time;

    /// <summary>Stable name recorded in the inbox; renaming a consumer class would re-apply old messages, so it is explicit.</summary>
    protected abstract string ConsumerName { get; }

    public async Task Consume(ConsumeContext<TMessage> context)
    {
        var messageId = context.MessageId
            ?? throw new InvalidOperationException($"{ConsumerName}: a message without MessageId cannot be deduplicated.");
        var ct = context.CancellationToken;

        if (await AlreadyProcessedAsync(messageId, ct))
        {
            logger.LogInformation("{Consumer} skipped duplicate message {MessageId}", ConsumerName, messageId);
            return;
        }

        var strategy = Db.Database.CreateExecutionStrategy();
        var duplicate = false;
        await strategy.ExecuteAsync(async () =>
        {
            Db.ChangeTracker.Clear();
            await using var transaction = await Db.Database.BeginTransactionAsync(ct);
            await HandleAsync(context.Message, context);
            Db.InboxMessages.Add(new InboxMessage { MessageId = messageId, Consumer = ConsumerName, ProcessedAt = Time.GetUtcNow() });
            try
            {
                await Db.SaveChangesAsync(ct);
                await transaction.CommitAsync(ct);
            }
            catch (DbUpdateException)
            {
                if (!await IsDuplicateAfterRollbackAsync(transaction, messageId, ct))
                {
                    throw;
                }

                duplicate = true;
            }
        });

        if (duplicate)
        {
            logger.LogInformation("{Consumer} lost a race to a concurrent delivery of {MessageId}; nothing applied twice", ConsumerName, messageId);
        }
    }

    /// <summary>Applies the message to <see cref="Db"/> without saving: the base class saves and commits.</summary>
    protected abstract Task HandleAsync(TMessage message, ConsumeContext<TMessage> context);

    // Compiled: it runs for every delivery (and again after a lost race), so EF's per-call query work adds up.
    private static readonly CompiledQueryPerModel<Func<TContext, Guid, string, CancellationToken, Task<bool>>> AlreadyProcessedQuery = new(() =>
        EF.CompileAsyncQuery((TContext db, Guid messageId, string consumer, CancellationToken ct) =>
            db.Set<InboxMessage>().Any(m => m.MessageId == messageId && m.Consumer == consumer)));

    private Task<bool> AlreadyProcessedAsync(Guid messageId, CancellationToken ct) =>
        AlreadyProcessedQuery.For(Db)(Db, messageId, ConsumerName, ct);

    private async Task<bool> IsDuplicateAfterRollbackAsync(Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction transaction, Guid messageId, CancellationToken ct)
    {
        await transaction.RollbackAsync(ct);
        Db.ChangeTracker.Clear();
        return await AlreadyProcessedAsync(messageId, ct);
    }
}
