using Microsoft.Extensions.Options;
using SolidarityMarket.Contracts.Ledger;
using SolidarityMarket.Ledger.Data;
using SolidarityMarket.Ledger.Domain;

namespace SolidarityMarket.Ledger.Posting;

/// <summary>
/// Applies one group-commit batch: lock the exchanges involved, load exactly the rows the domain needs, run the
/// domain rules on an in-memory <see cref="LedgerBook"/>, and write back only what changed — with the events —
/// in one transaction.
/// </summary>
public sealed class LedgerBatchCommitter(LedgerDbContext db, IOptions<LedgerOptions> options)
{
    public async Task<IReadOnlyList<object>> CommitAsync(IReadOnlyList<LedgerWork> work, DateTimeOffset now, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);

        // 1. Which rows: the transfers named (and, for holds and reversals, the ones they refer to), their accounts.
        var transferIds = work.SelectMany(w => w.TransferIds).ToHashSet();
        var accountIds = work.SelectMany(w => w.AccountIds).ToHashSet();
        var expiring = work.Any(w => w is ExpireWork);
        var referenced = await db.Transfers.AsNoTracking().Where(t => transferIds.Contains(t.Id))
            .Select(t => new { t.DebitAccountId, t.CreditAccountId }).ToListAsync(ct);
        accountIds.UnionWith(referenced.SelectMany(t => new[] { t.DebitAccountId, t.CreditAccountId }));
        if (expiring)
        {
            var due = await db.Transfers.AsNoTracking()
                .Where(t => t.HoldStatus == HoldStatus.Open && t.ExpiresAt != null && t.ExpiresAt <= now)
                .OrderBy(t => t.ExpiresAt).Take(options.Value.MaxBatch)
                .Select(t => new { t.Id, t.DebitAccountId, t.CreditAccountId }).ToListAsync(ct);
            transferIds.UnionWith(due.Select(t => t.Id));
            accountIds.UnionWith(due.SelectMany(t => new[] { t.DebitAccountId, t.CreditAccountId }));
        }

        // 2. Lock the exchanges those accounts live in, then read everything fresh under the locks.
        var exchangeIds = await db.Accounts.AsNoTracking().Where(a => accountIds.Contains(a.Id)).Select(a => a.ExchangeId).Distinct().ToListAsync(ct);
        await ExchangeLocks.LockAsync(db, exchangeIds, ct);
        var exchanges = await db.Exchanges.Where(x => exchangeIds.Contains(x.Id)).ToDictionaryAsync(x => x.Id, ct);
        var accounts = await db.Accounts.Where(a => accountIds.Contains(a.Id)).ToDictionaryAsync(a => a.Id, ct);
        var transfers = await db.Transfers.Where(t => transferIds.Contains(t.Id)).ToDictionaryAsync(t => t.Id, ct);

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

        var results = work.Select(w => w.Apply(book, now)).ToList();
        var changes = book.TakeChanges();

        // 4. Write back what changed, and the events, in the same transaction.
        var tradeInfo = TradeMetadata(work, transfers);
        foreach (var change in changes.Accounts)
        {
            accounts[change.Current.Id].CopyFrom(change.Current);
        }

        foreach (var change in changes.Transfers)
        {
            if (change.IsNew)
            {
                var row = change.Current.ToRecord();
                if (tradeInfo.TryGetValue(row.Id, out var trade))
                {
                    (row.TradeId, row.TradeRole, row.TradeFeeBasisPoints) = trade;
                }

                db.Transfers.Add(row);
            }
            else
            {
                transfers[change.Current.Id].CopyResolution(change.Current);
            }

            PublishEvent(change, now);
        }

        db.Journal.AddRange(changes.Entries.Select(e => e.ToRecord()));
        foreach (var head in changes.Heads)
        {
            var exchange = exchanges[head.Current.ExchangeId];
            exchange.LastSequence = head.Current.LastSequence;
            exchange.LastHash = head.Current.LastHash.ToArray();
        }

        AuditLimitChanges(work, results, changes, now);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return results;
    }

    /// <summary>New rows that are legs of a planned trade (or settle one) keep the trade's id, role and fee rate.</summary>
    private static Dictionary<Guid, (Guid?, TradeLegRole?, int?)> TradeMetadata(IReadOnlyList<LedgerWork> work, Dictionary<Guid, TransferRecord> loaded)
    {
        var info = new Dictionary<Guid, (Guid?, TradeLegRole?, int?)>();
        foreach (var item in work.OfType<TransferWork>())
        {
            if (item.Plan is { } plan)
            {
                foreach (var leg in plan.Legs)
                {
                    info[leg.Request.Id] = (plan.TradeId, leg.Role, plan.FeeBasisPoints);
                }
            }

            foreach (var request in item.Command.Requests)
            {
                if (request.PendingId is { } held && loaded.TryGetValue(held, out var hold) && hold.TradeId is not null)
                {
                    info[request.Id] = (hold.TradeId, hold.TradeRole, hold.TradeFeeBasisPoints);
                }
            }
        }

        return info;
    }

    private void PublishEvent(TransferChange change, DateTimeOffset now)
    {
        var t = change.Current;
        if (change.IsNew)
        {
            switch (t.Kind)
            {
                case TransferKind.Pending:
                    db.Publish(new HoldPlaced(t.Id, t.ExchangeId, t.DebitAccountId, t.CreditAccountId, t.Amount, t.OrderReference, t.ExpiresAt, t.CreatedAt), now);
                    break;
                case TransferKind.VoidPending:
                    break; // reported below, through the hold it resolved
                default:
                    db.Publish(new TransferPosted(t.Id, t.ExchangeId, t.DebitAccountId, t.CreditAccountId, t.Amount, t.Code.ToString(), t.OrderReference, t.PendingId ?? t.OriginalId, t.CreatedAt), now);
                    break;
            }
        }
        else if (change.Previous?.HoldStatus == HoldStatus.Open && t.HoldStatus is HoldStatus.Voided or HoldStatus.Expired)
        {
            db.Publish(new HoldVoided(t.Id, t.ExchangeId, t.DebitAccountId, t.Amount, t.OrderReference, t.HoldStatus == HoldStatus.Expired, t.ResolvedAt ?? now), now);
        }
    }

    private void AuditLimitChanges(IReadOnlyList<LedgerWork> work, IReadOnlyList<object> results, LedgerChanges changes, DateTimeOffset now)
    {
        for (var i = 0; i < work.Count; i++)
        {
            if (work[i] is not AccountWork { Audit: { } audit } item || results[i] is not AccountResult { IsAccepted: true, IsReplay: false })
            {
                continue;
            }

            var change = changes.Accounts.LastOrDefault(c => c.Current.Id == item.AccountId && c.Previous is not null);
            if (change?.Previous is { } before && (before.DebitLimit != change.Current.DebitLimit || before.CreditLimit != change.Current.CreditLimit))
            {
                db.LimitChanges.Add(new LimitChange
                {
                    Id = Guid.CreateVersion7(now),
                    AccountId = item.AccountId,
                    PreviousDebitLimit = before.DebitLimit,
                    PreviousCreditLimit = before.CreditLimit,
                    DebitLimit = change.Current.DebitLimit,
                    CreditLimit = change.Current.CreditLimit,
                    ChangedBy = audit.UserId,
                    ChangedAt = now,
                    Reason = audit.Reason,
                });
            }
        }
    }
}
