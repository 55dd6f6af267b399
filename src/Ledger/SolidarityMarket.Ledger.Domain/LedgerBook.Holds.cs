namespace SolidarityMarket.Ledger.Domain;

public sealed partial class LedgerBook
{
    /// <summary>Posts a hold (all of it when <paramref name="amount"/> is 0, else that much, releasing the rest).</summary>
    public SubmitResult Post(Guid id, Guid pendingId, DateTimeOffset now, long amount = 0, string memo = "") =>
        Submit(TransferRequest.PostHold(id, pendingId, amount, memo), now);

    /// <summary>Releases a hold without moving credits.</summary>
    public SubmitResult Void(Guid id, Guid pendingId, DateTimeOffset now, string memo = "") =>
        Submit(TransferRequest.VoidHold(id, pendingId, memo), now);

    /// <summary>
    /// Releases every open hold whose timeout is at or before <paramref name="now"/>, exactly once each, and
    /// returns them (now <see cref="HoldStatus.Expired"/>, resolved at their own timeout). Idempotent: a second
    /// call with the same time finds nothing. Behind a database, load the due holds and their accounts first.
    /// A due hold whose accounts are not loaded is skipped and stays due for a later call: the writer loads the
    /// accounts of a bounded number of due holds, and a hold loaded for another reason (a request under its id) comes
    /// without them. Throwing there failed the whole group-commit batch it shared.
    /// </summary>
    public IReadOnlyList<Transfer> Expire(DateTimeOffset now)
    {
        now = LedgerTime.Normalize(now);
        List<Transfer>? expired = null;
        List<(Guid HoldId, DateTimeOffset DueAt)>? notLoaded = null;
        while (expiryQueue.TryPeek(out var holdId, out var dueAt) && dueAt <= now)
        {
            expiryQueue.Dequeue();
            if (!transfers.TryGetValue(holdId, out var hold)
                || hold.HoldStatus != HoldStatus.Open
                || hold.ExpiresAt is not { } expiresAt
                || expiresAt > now)
            {
                continue; // Resolved meanwhile, rolled back, or a stale entry of a hold due later.
            }

            if (!accounts.TryGetValue(hold.DebitAccountId, out var payer) || !accounts.TryGetValue(hold.CreditAccountId, out var payee))
            {
                (notLoaded ??= []).Add((holdId, expiresAt)); // Re-queued after the loop, which would meet it again.
                continue;
            }

            var released = Release(hold, payer, payee, HoldStatus.Expired, resolvedById: null, resolvedAt: expiresAt, postedAmount: 0);
            (expired ??= []).Add(released);
        }

        foreach (var (holdId, dueAt) in notLoaded ?? [])
        {
            expiryQueue.Enqueue(holdId, dueAt);
        }

        return expired ?? (IReadOnlyList<Transfer>)[];
    }

    private Rejection? ApplyPost(TransferRequest request, DateTimeOffset now, out Transfer? transfer)
    {
        transfer = null;
        var rejection = FindResolvableHold(request, now, out var hold, out var payer, out var payee);
        if (rejection is not null)
        {
            return rejection;
        }

        var amount = request.Amount == 0 ? hold.Amount : request.Amount;
        if (amount > hold.Amount)
        {
            return new Rejection(
                RejectionReason.PostAmountExceedsPending,
                FormattableString.Invariant($"Hold {hold.Id} reserves {hold.Amount}; {amount} cannot be posted from it."));
        }

        rejection = CheckMayMove(payer, "payer") ?? CheckMayMove(payee, "payee");
        if (rejection is not null)
        {
            return rejection;
        }

        rejection = TryMove(payer, payee, amount, -hold.Amount, out var payerAfter, out var payeeAfter);
        if (rejection is not null)
        {
            return rejection;
        }

        var orderReference = request.OrderReference ?? hold.OrderReference;
        var entry = AppendEntry(
            hold.ExchangeId, request.Id, TransferKind.PostPending, hold.Code, payer.Id, payee.Id, amount, hold.Id, now,
            request.Memo, orderReference);
        transfer = new Transfer
        {
            Request = request,
            ExchangeId = hold.ExchangeId,
            DebitAccountId = payer.Id,
            CreditAccountId = payee.Id,
            Amount = amount,
            Code = hold.Code,
            OrderReference = orderReference,
            CreatedAt = now,
            JournalSequence = entry.Sequence,
        };
        PutAccount(payerAfter);
        PutAccount(payeeAfter);
        PutTransfer(transfer);
        PutTransfer(hold with { HoldStatus = HoldStatus.Posted, ResolvedById = request.Id, ResolvedAt = now, PostedAmount = amount });
        return null;
    }

    private Rejection? ApplyVoid(TransferRequest request, DateTimeOffset now, out Transfer? transfer)
    {
        transfer = null;
        var rejection = FindResolvableHold(request, now, out var hold, out var payer, out var payee);
        if (rejection is not null)
        {
            return rejection;
        }

        if (request.Amount != 0 && request.Amount != hold.Amount)
        {
            return new Rejection(
                RejectionReason.DoesNotMatchReferencedTransfer,
                FormattableString.Invariant($"A void releases the whole hold {hold.Id} ({hold.Amount}); give amount 0 or exactly that."));
        }

        transfer = new Transfer
        {
            Request = request,
            ExchangeId = hold.ExchangeId,
            DebitAccountId = payer.Id,
            CreditAccountId = payee.Id,
            Amount = hold.Amount,
            Code = hold.Code,
            OrderReference = request.OrderReference ?? hold.OrderReference,
            CreatedAt = now,
        };

        // Voiding is allowed on frozen accounts: releasing a reservation only ever helps both sides.
        Release(hold, payer, payee, HoldStatus.Voided, request.Id, now, postedAmount: 0);
        PutTransfer(transfer);
        return null;
    }

    /// <summary>Finds the hold a post or void refers to and checks it can still be resolved, exactly once.</summary>
    private Rejection? FindResolvableHold(
        TransferRequest request, DateTimeOffset now, out Transfer hold, out AccountState payer, out AccountState payee)
    {
        payer = null!;
        payee = null!;
        var holdId = request.PendingId!.Value;
        if (!transfers.TryGetValue(holdId, out hold!))
        {
            return new Rejection(RejectionReason.PendingNotFound, $"There is no hold {holdId}.");
        }

        if (hold.Kind != TransferKind.Pending)
        {
            return new Rejection(RejectionReason.NotAPendingTransfer, $"Transfer {holdId} is not a hold.");
        }

        var resolved = hold.HoldStatus switch
        {
            HoldStatus.Posted => new Rejection(RejectionReason.PendingAlreadyPosted, $"Hold {holdId} was already posted by {hold.ResolvedById}."),
            HoldStatus.Voided => new Rejection(RejectionReason.PendingAlreadyVoided, $"Hold {holdId} was already voided by {hold.ResolvedById}."),
            HoldStatus.Expired => new Rejection(RejectionReason.PendingAlreadyExpired, $"Hold {holdId} expired at {hold.ExpiresAt:O}."),
            _ => null,
        };
        if (resolved is not null)
        {
            return resolved;
        }

        if (!hold.IsResolvableAt(now))
        {
            // Past its timeout the hold belongs to the expiry sweep, so it is resolved one way only.
            return new Rejection(RejectionReason.PendingAlreadyExpired, $"Hold {holdId} expired at {hold.ExpiresAt:O}.");
        }

        if ((request.DebitAccountId != Guid.Empty && request.DebitAccountId != hold.DebitAccountId)
            || (request.CreditAccountId != Guid.Empty && request.CreditAccountId != hold.CreditAccountId))
        {
            return new Rejection(RejectionReason.DoesNotMatchReferencedTransfer, $"The accounts given differ from those of hold {holdId}; leave them empty or repeat them.");
        }

        if (!accounts.TryGetValue(hold.DebitAccountId, out payer!))
        {
            return new Rejection(RejectionReason.AccountNotFound, $"The payer account {hold.DebitAccountId} of hold {holdId} does not exist.");
        }

        if (!accounts.TryGetValue(hold.CreditAccountId, out payee!))
        {
            return new Rejection(RejectionReason.AccountNotFound, $"The payee account {hold.CreditAccountId} of hold {holdId} does not exist.");
        }

        return null;
    }

    /// <summary>Gives back a hold's reservation and records how the hold ended. Cannot fail: totals only shrink.</summary>
    private Transfer Release(
        Transfer hold, AccountState payer, AccountState payee, HoldStatus outcome, Guid? resolvedById, DateTimeOffset resolvedAt, long postedAmount)
    {
        var rejection = TryMove(payer, payee, 0, -hold.Amount, out var payerAfter, out var payeeAfter);
        if (rejection is not null)
        {
            throw new InvalidOperationException($"Releasing hold {hold.Id} was refused ({rejection}); the loaded state is inconsistent.");
        }

        var closed = hold with { HoldStatus = outcome, ResolvedById = resolvedById, ResolvedAt = resolvedAt, PostedAmount = postedAmount };
        PutAccount(payerAfter);
        PutAccount(payeeAfter);
        PutTransfer(closed);
        return closed;
    }
}
