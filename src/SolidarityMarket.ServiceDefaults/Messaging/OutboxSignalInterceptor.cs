using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace SolidarityMarket.ServiceDefaults.Messaging;

/// <summary>
/// Claims the outbox rows a <c>SaveChanges</c> writes for this process's relay, and hands them to it
/// (<see cref="OutboxSignal{TContext}"/>) once they are committed: straight after <c>SaveChanges</c> when it ran its
/// own transaction, or at the commit of the surrounding explicit transaction (rows are invisible before that). Rows
/// of a <c>SaveChanges</c> that failed, or of a transaction rolled back, are forgotten; a new transaction starts with
/// none, so rows of one abandoned without a rollback (disposed) can never go out with the next one.
/// </summary>
public sealed class OutboxSignalInterceptor<TContext>(OutboxSignal<TContext> signal) : ISaveChangesInterceptor, IDbTransactionInterceptor
    where TContext : ServiceDbContext
{
    // Per context: the rows of the SaveChanges in progress, and those saved in its open explicit transaction.
    private readonly ConditionalWeakTable<DbContext, Pending> _pending = new();

    public ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Claim(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Claim(eventData.Context);
        return result;
    }

    public ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Saved(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Saved(eventData.Context);
        return result;
    }

    public void SaveChangesFailed(DbContextErrorEventData eventData) => Failed(eventData.Context);

    public Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Failed(eventData.Context);
        return Task.CompletedTask;
    }

    public void SaveChangesCanceled(DbContextEventData eventData) => Failed(eventData.Context);

    public Task SaveChangesCanceledAsync(DbContextEventData eventData, CancellationToken cancellationToken = default)
    {
        Failed(eventData.Context);
        return Task.CompletedTask;
    }

    // EF reports a concurrency conflict here, not through SaveChangesFailed.
    public InterceptionResult ThrowingConcurrencyException(ConcurrencyExceptionEventData eventData, InterceptionResult result)
    {
        Failed(eventData.Context);
        return result;
    }

    public ValueTask<InterceptionResult> ThrowingConcurrencyExceptionAsync(ConcurrencyExceptionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
    {
        Failed(eventData.Context);
        return ValueTask.FromResult(result);
    }

    // Not the rows of a SaveChanges in progress: SaveChanges without an explicit transaction starts its own after
    // SavingChanges.
    public DbTransaction TransactionStarted(DbConnection connection, TransactionEndEventData eventData, DbTransaction result)
    {
        ForgetTransaction(eventData.Context);
        return result;
    }

    public ValueTask<DbTransaction> TransactionStartedAsync(DbConnection connection, TransactionEndEventData eventData, DbTransaction result, CancellationToken cancellationToken = default)
    {
        ForgetTransaction(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        HandOverCommitted(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => HandOverCommitted(eventData.Context);

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Forget(eventData.Context);

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Forget(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionFailed(DbTransaction transaction, TransactionErrorEventData eventData) => Forget(eventData.Context);

    public Task TransactionFailedAsync(DbTransaction transaction, TransactionErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Forget(eventData.Context);
        return Task.CompletedTask;
    }

    private void Claim(DbContext? context)
    {
        if (context is null)
        {
            return;
        }

        List<OutboxMessage>? saving = null;
        foreach (var entry in context.ChangeTracker.Entries<OutboxMessage>())
        {
            if (entry.State == EntityState.Added && signal.Claim(entry.Entity))
            {
                (saving ??= []).Add(entry.Entity);
            }
        }

        // Always replaced, also by none: rows of an earlier SaveChanges that failed in a way no event reported must
        // not ride along with this one.
        if (saving is not null || _pending.TryGetValue(context, out _))
        {
            _pending.GetOrCreateValue(context).Saving = saving;
        }
    }

    private void Saved(DbContext? context)
    {
        if (context is null || !_pending.TryGetValue(context, out var pending) || pending.Saving is not { } saving)
        {
            return;
        }

        pending.Saving = null;
        if (context.Database.CurrentTransaction is null)
        {
            // SaveChanges ran (and committed) its own transaction.
            signal.Committed(saving);
        }
        else
        {
            pending.InTransaction.AddRange(saving);
        }
    }

    // A failed or cancelled SaveChanges: its rows are not handed over now. Inside an explicit transaction EF rolls back
    // to its savepoint, and a caller that commits anyway commits none of them.
    private void Failed(DbContext? context)
    {
        if (context is not null && _pending.TryGetValue(context, out var pending))
        {
            pending.Saving = null;
        }
    }

    private void HandOverCommitted(DbContext? context)
    {
        if (context is not null && _pending.TryGetValue(context, out var pending) && pending.InTransaction.Count > 0)
        {
            var committed = pending.InTransaction.ToList();
            pending.InTransaction.Clear();
            signal.Committed(committed);
        }
    }

    private void Forget(DbContext? context)
    {
        if (context is not null && _pending.TryGetValue(context, out var pending))
        {
            pending.Saving = null;
            pending.InTransaction.Clear();
        }
    }

    private void ForgetTransaction(DbContext? context)
    {
        if (context is not null && _pending.TryGetValue(context, out var pending))
        {
            pending.InTransaction.Clear();
        }
    }

    private sealed class Pending
    {
        public List<OutboxMessage>? Saving { get; set; }

        public List<OutboxMessage> InTransaction { get; } = [];
    }
}
