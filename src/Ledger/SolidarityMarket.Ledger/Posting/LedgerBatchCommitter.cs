using System.Text.Json;
using Microsoft.Extensions.Options;
using SolidarityMarket.Contracts.Ledger;
using SolidarityMarket.Ledger.Data;
using SolidarityMarket.Ledger.Domain;
using SolidarityMarket.ServiceDefaults.Messaging;

namespace SolidarityMarket.Ledger.Posting;

/// <summary>
/// Applies one group-commit batch: lock the exchanges involved, load exactly the rows the domain needs, run the
/// domain rules on an in-memory <see cref="LedgerBook"/>, and write back only what changed — with the events —
/// in one transaction.
/// </summary>
public sealed class LedgerBatchCommitter(
    LedgerDbContext db, LedgerDirectory directory, IOptions<LedgerOptions> options, OutboxSignal<LedgerDbContext>? outboxSignal = null)
{
    private static readonly JsonSerializerOptions MessageJson = new(JsonSerializerDefaults.Web);

    public async Task<IReadOnlyList<object>> CommitAsync(IReadOnlyList<LedgerWork> work, DateTimeOffset now, CancellationToken ct)
    {
        // Nothing is tracked: rows are read as plain values and written by the batch writer (ADR 0007).
        db.ChangeTracker.Clear();
        var phase = new PhaseClock();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);

        // 1. Which rows: the transfers named (and, for holds and reversals, the ones they refer to), their accounts.
        var transferIds = work.SelectMany(w => w.TransferIds).ToHashSet();
        var accountIds = work.SelectMany(w => w.AccountIds).ToHashSet();
        var references = work.SelectMany(w => w.ReferencedTransferIds).ToHashSet();
        if (references.Count > 0)
        {
            var referenced = await db.Transfers.AsNoTracking().Where(t => references.Contains(t.Id))
                .Select(t => new { t.DebitAccountId, t.CreditAccountId }).ToListAsync(ct);
            accountIds.UnionWith(referenced.SelectMany(t => new[] { t.DebitAccountId, t.CreditAccountId }));
        }

        if (work.Any(w => w is ExpireWork))
        {
            var due = await db.Transfers.AsNoTracking()
                .Where(t => t.HoldStatus == HoldStatus.Open && t.ExpiresAt != null && t.ExpiresAt <= now)
                .OrderBy(t => t.ExpiresAt).Take(options.Value.MaxBatch)
                .Select(t => new { t.Id, t.DebitAccountId, t.CreditAccountId }).ToListAsync(ct);
            transferIds.UnionWith(due.Select(t => t.Id));
            accountIds.UnionWith(due.SelectMany(t => new[] { t.DebitAccountId, t.CreditAccountId }));
        }

        // An id already stored under a request is loaded below, under the locks; if it names other accounts it is a
        // conflict or a replay, and neither touches an account, so its accounts' exchanges need no lock.
        var exchangeIds = (await directory.ExchangesOfAsync(db, accountIds, ct)).Values.Distinct(StringComparer.Ordinal).ToList();
        phase.Lap("read");

        // 2. Lock the exchanges those accounts live in, then read everything fresh under the locks.
        var exchanges = await ExchangeLocks.LockAndReadAsync(db, exchangeIds, ct);
        phase.Lap("lock");
        var accounts = await AccountsQuery.For(db)(db, [.. accountIds]).ToDictionaryAsync(a => a.Id, cancellationToken: ct);
        var transfers = await TransfersQuery.For(db)(db, [.. transferIds]).ToDictionaryAsync(t => t.Id, cancellationToken: ct);
        await RefuseNonHoldersAsync(work, ct);
        await ReadOpenPaymentRequestsAsync(work, ct);
        phase.Lap("load");

        // 3. Apply the rules.
        var book = new LedgerBook(options.Value.Policy);
        foreach (var account in accounts.Values)
        {
            book.Load(account.ToDomain());
        }

        foreach (var transfer in transfers.Values)
        {
            book.Load(transfer.ToDomain());
        }

        foreach (var exchange in exchanges.Values)
        {
            book.Load(exchange.Head());
        }

        var results = work.Select(w => w is TransferWork { RefusedAccountId: { } notHeld } ? NotHeld(notHeld) : w.Apply(book, now)).ToList();
        var changes = book.TakeChanges();
        phase.Lap("apply");

        // 4. Write back what changed, and the events, in the same transaction.
        var rows = ToRows(work, results, changes, accounts, transfers, exchanges, now);
        // The batched SQL path bypasses SaveChanges, so it claims its outbox rows for this process's relay and hands
        // them over itself; EfBatchWriter's go through SaveChanges, whose interceptor does both.
        var handsOverItself = SqlBatchWriter.Supports(db);
        IBatchWriter writer = handsOverItself ? new SqlBatchWriter(db) : new EfBatchWriter(db);
        if (handsOverItself && outboxSignal is not null)
        {
            rows.Outbox.ForEach(m => outboxSignal.Claim(m));
        }

        await writer.WriteAsync(rows, ct);
        phase.Lap("write");
        await transaction.CommitAsync(ct);
        phase.Lap("commit");
        if (handsOverItself && rows.Outbox.Count > 0)
        {
            // The rows are committed: the relay delivers them from memory instead of reading them at its next poll.
            outboxSignal?.Committed(rows.Outbox);
        }

        return results;
    }

    // The writer's per-batch reads are compiled: an ordinary LINQ query costs EF its expression walk, cache look-up
    // and parameter extraction on every call, on the writer's single thread.
    private static readonly CompiledQueryPerModel<Func<LedgerDbContext, List<Guid>, IAsyncEnumerable<Account>>> AccountsQuery = new(() =>
        EF.CompileAsyncQuery((LedgerDbContext db, List<Guid> ids) => db.Accounts.AsNoTracking().Where(a => ids.Contains(a.Id))));

    private static readonly CompiledQueryPerModel<Func<LedgerDbContext, List<Guid>, IAsyncEnumerable<TransferRecord>>> TransfersQuery = new(() =>
        EF.CompileAsyncQuery((LedgerDbContext db, List<Guid> ids) => db.Transfers.AsNoTracking().Where(t => ids.Contains(t.Id))));

    private static readonly CompiledQueryPerModel<Func<LedgerDbContext, List<Guid>, IAsyncEnumerable<AccountHolder>>> HoldersQuery = new(() =>
        EF.CompileAsyncQuery((LedgerDbContext db, List<Guid> accountIds) =>
            db.Set<AccountHolder>().AsNoTracking().Where(h => accountIds.Contains(h.AccountId))));

    /// <summary>
    /// Sets <see cref="TransferWork.RefusedAccountId"/> of every work whose <see cref="TransferWork.RequiredHolder"/>
    /// does not hold the account it spends from (and clears it for the others: a retried batch decides afresh). One
    /// read per batch, in the transaction and after the exchange locks, so a holder change committed before this
    /// batch counts (ADR 0013).
    /// </summary>
    private async Task RefuseNonHoldersAsync(IReadOnlyList<LedgerWork> work, CancellationToken ct)
    {
        var checks = work.OfType<TransferWork>().Where(w => w.RequiredHolder is not null).ToList();
        if (checks.Count == 0)
        {
            return;
        }

        var accountIds = checks.Select(w => w.RequiredHolder!.AccountId).Distinct().ToList();
        var holders = new HashSet<(Guid, string)>();
        await foreach (var h in HoldersQuery.For(db)(db, accountIds).WithCancellation(ct))
        {
            holders.Add((h.AccountId, h.UserId));
        }

        foreach (var w in checks)
        {
            var (userId, accountId) = w.RequiredHolder!;
            w.RefusedAccountId = holders.Contains((accountId, userId)) ? null : accountId;
        }
    }

    /// <summary>
    /// Sets <see cref="AccountWork.OpenPaymentRequestIds"/> of every close in the batch: the open or accepted payment
    /// requests its account pays or is paid by. Read after the exchange locks, which a request's creation takes
    /// too, so none is created between this read and the close's commit (docs/ledger.md, "Closing").
    /// </summary>
    private async Task ReadOpenPaymentRequestsAsync(IReadOnlyList<LedgerWork> work, CancellationToken ct)
    {
        var closing = work.OfType<AccountWork>().Where(w => w.ClosesAccount).ToList();
        if (closing.Count == 0)
        {
            return;
        }

        var ids = closing.Select(w => w.AccountId).Distinct().ToList();
        var open = await db.PaymentRequests.AsNoTracking()
            .Where(r => (ids.Contains(r.PayerAccountId) || ids.Contains(r.PayeeAccountId))
                && (r.Status == PaymentRequestStatus.Open || r.Status == PaymentRequestStatus.Accepted))
            .OrderBy(r => r.DueDate).ThenBy(r => r.Id)
            .Select(r => new { r.Id, r.PayerAccountId, r.PayeeAccountId })
            .ToListAsync(ct);
        foreach (var w in closing)
        {
            w.OpenPaymentRequestIds = [.. open.Where(r => r.PayerAccountId == w.AccountId || r.PayeeAccountId == w.AccountId).Select(r => r.Id)];
        }
    }

    private static SubmitResult NotHeld(Guid accountId) =>
        SubmitResult.Rejected(new Rejection(RejectionReason.AccountNotFound, $"Account {accountId} was not found."));

    private static BatchRows ToRows(
        IReadOnlyList<LedgerWork> work, IReadOnlyList<object> results, LedgerChanges changes, Dictionary<Guid, Account> accounts,
        Dictionary<Guid, TransferRecord> transfers, Dictionary<string, Exchange> exchanges, DateTimeOffset now)
    {
        var rows = new BatchRows();
        foreach (var change in changes.Accounts)
        {
            // Accounts are opened outside the writer; a new one here would be a bug, not a row to insert.
            var loaded = change.IsNew ? throw new InvalidOperationException($"The writer cannot open account {change.Current.Id}.") : accounts[change.Current.Id];
            rows.Accounts.Add((loaded, change.Current));
        }

        var tradeInfo = TradeMetadata(work, results, transfers);
        foreach (var change in changes.Transfers)
        {
            if (change.IsNew)
            {
                var row = change.Current.ToRecord();
                if (tradeInfo.TryGetValue(row.Id, out var trade))
                {
                    (row.TradeId, row.TradeRole, row.TradeFeeBasisPoints, row.PlacedByOrdering) = trade;
                }

                rows.NewTransfers.Add(row);
            }
            else
            {
                rows.ClosedTransfers.Add((transfers[change.Current.Id], change.Current));
            }

            if (EventFor(change, now) is { } message)
            {
                rows.Outbox.Add(message);
            }
        }

        rows.Entries.AddRange(changes.Entries.Select(e => e.ToRecord()));
        foreach (var head in changes.Heads)
        {
            rows.Heads.Add((exchanges[head.Current.ExchangeId], head.Current));
        }

        rows.LimitChanges.AddRange(LimitChanges(work, results, now));
        rows.StatusChanges.AddRange(StatusChanges(work, results, now));
        return rows;
    }

    /// <summary>
    /// New rows that are legs of a planned trade (or settle one) keep the trade's id, role and fee rate, and whether
    /// Ordering placed it (the hold legs only; a post or void of them is an ordinary row). Only works
    /// that created rows count: a refused, rejected or replayed work may carry the same transfer ids as the one that
    /// applied (a client's retry, a conflicting or a non-holder's submit), and must not overwrite its metadata.
    /// </summary>
    private static Dictionary<Guid, (Guid?, TradeLegRole?, int?, bool)> TradeMetadata(
        IReadOnlyList<LedgerWork> work, IReadOnlyList<object> results, Dictionary<Guid, TransferRecord> loaded)
    {
        var info = new Dictionary<Guid, (Guid?, TradeLegRole?, int?, bool)>();
        for (var i = 0; i < work.Count; i++)
        {
            if (work[i] is not TransferWork item || results[i] is not SubmitResult { IsAccepted: true, IsReplay: false })
            {
                continue;
            }

            if (item.Plan is { } plan)
            {
                foreach (var leg in plan.Legs)
                {
                    info[leg.Request.Id] = (plan.TradeId, leg.Role, plan.FeeBasisPoints, item.PlacedByOrdering && plan.IsHold);
                }
            }

            foreach (var request in item.Command.Requests)
            {
                if (request.PendingId is { } held && loaded.TryGetValue(held, out var hold) && hold.TradeId is not null)
                {
                    info[request.Id] = (hold.TradeId, hold.TradeRole, hold.TradeFeeBasisPoints, false);
                }
            }
        }

        return info;
    }

    /// <summary>The event a transfer change announces, as the outbox row <c>ServiceDbContext.Publish</c> would write.</summary>
    private static OutboxMessage? EventFor(TransferChange change, DateTimeOffset now)
    {
        var t = change.Current;
        if (change.IsNew)
        {
            return t.Kind switch
            {
                TransferKind.Pending => Outbox(new HoldPlaced(t.Id, t.ExchangeId, t.DebitAccountId, t.CreditAccountId, t.Amount, t.OrderReference, t.ExpiresAt, t.CreatedAt), now),
                TransferKind.VoidPending => null, // reported through the hold it resolved
                _ => Outbox(new TransferPosted(t.Id, t.ExchangeId, t.DebitAccountId, t.CreditAccountId, t.Amount, t.Code.ToString(), t.OrderReference, t.PendingId ?? t.OriginalId, t.CreatedAt), now),
            };
        }

        return change.Previous?.HoldStatus == HoldStatus.Open && t.HoldStatus is HoldStatus.Voided or HoldStatus.Expired
            ? Outbox(new HoldVoided(t.Id, t.ExchangeId, t.DebitAccountId, t.Amount, t.OrderReference, t.HoldStatus == HoldStatus.Expired, t.ResolvedAt ?? now), now)
            : null;
    }

    private static OutboxMessage Outbox<T>(T message, DateTimeOffset now)
        where T : class => new()
    {
        Id = Guid.CreateVersion7(now),
        MessageType = typeof(T).FullName!,
        Body = JsonSerializer.Serialize(message, MessageJson),
        CreatedAt = now,
        NextAttemptAt = now,
    };

    private static IEnumerable<LimitChange> LimitChanges(IReadOnlyList<LedgerWork> work, IReadOnlyList<object> results, DateTimeOffset now)
    {
        for (var i = 0; i < work.Count; i++)
        {
            // Each work's own before and after: the batch's changes are merged per account, so with two limit changes
            // to one account in a batch, the merged change's before and after would be both rows' before and after.
            if (work[i] is not AccountWork { Audit: { } audit, Before: { } before } item
                || results[i] is not AccountResult { IsAccepted: true, IsReplay: false, Account: { } after })
            {
                continue;
            }

            if (before.DebitLimit != after.DebitLimit || before.CreditLimit != after.CreditLimit)
            {
                yield return new LimitChange
                {
                    Id = Guid.CreateVersion7(now),
                    AccountId = item.AccountId,
                    PreviousDebitLimit = before.DebitLimit,
                    PreviousCreditLimit = before.CreditLimit,
                    DebitLimit = after.DebitLimit,
                    CreditLimit = after.CreditLimit,
                    ChangedBy = audit.UserId,
                    ChangedAt = now,
                    Reason = audit.Reason,
                };
            }
        }
    }

    /// <summary>
    /// The state audit: one row per freeze, unfreeze or close that changed something, with its own before — and per
    /// freeze a transfer work made of the account it credited (<see cref="TransferWork.FreezeCreditAccount"/>).
    /// </summary>
    private static IEnumerable<AccountStatusChange> StatusChanges(IReadOnlyList<LedgerWork> work, IReadOnlyList<object> results, DateTimeOffset now)
    {
        for (var i = 0; i < work.Count; i++)
        {
            if (work[i] is TransferWork { FreezeCreditAccount: { } freezeAudit, Freeze: { } frozen } && results[i] is SubmitResult { IsAccepted: true })
            {
                yield return new AccountStatusChange
                {
                    Id = Guid.CreateVersion7(now),
                    AccountId = frozen.After.Id,
                    AccountVersion = frozen.After.Version,
                    PreviousStatus = frozen.Before.Status,
                    Status = frozen.After.Status,
                    ChangedBy = freezeAudit.UserId,
                    ChangedAt = now,
                    Reason = freezeAudit.Reason,
                };
                continue;
            }

            if (work[i] is not AccountWork { Audit: { } audit, Before: { } before } item
                || results[i] is not AccountResult { IsAccepted: true, IsReplay: false, Account: { } after }
                || before.Status == after.Status)
            {
                continue;
            }

            yield return new AccountStatusChange
            {
                Id = Guid.CreateVersion7(now),
                AccountId = item.AccountId,
                AccountVersion = after.Version,
                PreviousStatus = before.Status,
                Status = after.Status,
                ChangedBy = audit.UserId,
                ChangedAt = now,
                Reason = audit.Reason,
            };
        }
    }
}
