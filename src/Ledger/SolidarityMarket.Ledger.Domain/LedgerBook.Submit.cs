namespace SolidarityMarket.Ledger.Domain;

public sealed partial class LedgerBook
{
    /// <summary>
    /// Applies one transfer request: a direct transfer, a hold, the post or void of a hold, or a reversal.
    /// An id already applied with identical fields returns the stored transfer as a replay and changes nothing;
    /// with any different field it is refused as a conflict. Refused requests are not remembered, so a retry
    /// after the cause is gone (e.g. a raised limit) can succeed.
    /// </summary>
    /// <param name="now">The caller's clock; the ledger reads none.</param>
    /// <param name="role">Matters only for reversals.</param>
    public SubmitResult Submit(TransferRequest request, DateTimeOffset now, RequesterRole role = RequesterRole.Other)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Id != Guid.Empty && transfers.TryGetValue(request.Id, out var existing))
        {
            return existing.Request == request
                ? SubmitResult.Accepted([existing], isReplay: true)
                : SubmitResult.Rejected(IdConflict(request.Id));
        }

        var mark = Mark();
        var rejection = Apply(request, LedgerTime.Normalize(now), role, out var transfer);
        if (rejection is not null)
        {
            RollbackTo(mark);
            return SubmitResult.Rejected(rejection);
        }

        return SubmitResult.Accepted([transfer!], isReplay: false);
    }

    /// <summary>
    /// Applies several requests all-or-nothing, in order; each item sees the effect of the ones before it
    /// (so a trade and its fee are checked together against the payer's floor, and an item may post a hold
    /// placed earlier in the batch). A retry of a fully applied batch is a replay.
    /// </summary>
    public SubmitResult SubmitLinked(IReadOnlyList<TransferRequest> requests, DateTimeOffset now, RequesterRole role = RequesterRole.Other)
    {
        ArgumentNullException.ThrowIfNull(requests);
        var count = requests.Count;
        if (count == 0)
        {
            return SubmitResult.Rejected(new Rejection(RejectionReason.EmptyBatch, "A linked batch needs at least one transfer."));
        }

        if (count > Policy.MaxLinkedBatchSize)
        {
            return SubmitResult.Rejected(new Rejection(
                RejectionReason.BatchTooLarge,
                FormattableString.Invariant($"A linked batch may have at most {Policy.MaxLinkedBatchSize} transfers; got {count}.")));
        }

        var replayRejection = ClassifyBatchIds(requests, out var isReplay);
        if (replayRejection is not null)
        {
            return SubmitResult.Rejected(replayRejection);
        }

        var applied = new Transfer[count];
        if (isReplay)
        {
            for (var i = 0; i < count; i++)
            {
                applied[i] = transfers[requests[i].Id];
            }

            return SubmitResult.Accepted(applied, isReplay: true);
        }

        now = LedgerTime.Normalize(now);
        var mark = Mark();
        for (var i = 0; i < count; i++)
        {
            var rejection = Apply(requests[i], now, role, out var transfer);
            if (rejection is not null)
            {
                RollbackTo(mark);
                return SubmitResult.Rejected(Rejection.LinkedBatchItemFailed(i, rejection));
            }

            applied[i] = transfer!;
        }

        // A later item may have closed an earlier one (posted a hold placed in the batch): report current states.
        for (var i = 0; i < count; i++)
        {
            applied[i] = transfers[applied[i].Id];
        }

        return SubmitResult.Accepted(applied, isReplay: false);
    }

    /// <summary>
    /// Group commit: applies independent commands one after the other, each succeeding or failing on its own
    /// (a linked batch still all-or-nothing within itself), and returns every outcome together with the changes
    /// to persist for the whole group, which includes any changes not yet taken before the call.
    /// </summary>
    public GroupCommitResult ApplyGroup(IReadOnlyList<LedgerCommand> commands, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(commands);
        var results = new SubmitResult[commands.Count];
        for (var i = 0; i < commands.Count; i++)
        {
            var command = commands[i];
            results[i] = command.IsLinked
                ? SubmitLinked(command.Requests, now, command.Role)
                : Submit(command.Requests[0], now, command.Role);
        }

        return new GroupCommitResult(results, TakeChanges());
    }

    /// <summary>
    /// A batch is either entirely new or an exact retry. Some ids new and some already applied means the client
    /// mixed two batches: refused, because applying only the new ones would break the batch's atomicity.
    /// </summary>
    private Rejection? ClassifyBatchIds(IReadOnlyList<TransferRequest> requests, out bool isReplay)
    {
        isReplay = false;
        var seen = new HashSet<Guid>(requests.Count);
        var firstExisting = -1;
        var existingCount = 0;
        for (var i = 0; i < requests.Count; i++)
        {
            var request = requests[i] ?? throw new ArgumentException($"Linked batch item {i} is null.", nameof(requests));
            if (request.Id == Guid.Empty)
            {
                return Rejection.LinkedBatchItemFailed(i, new Rejection(RejectionReason.MissingId, "A transfer needs a client-supplied id (not the empty GUID)."));
            }

            if (!seen.Add(request.Id))
            {
                return Rejection.LinkedBatchItemFailed(i, new Rejection(RejectionReason.DuplicateIdInBatch, $"Id {request.Id} appears more than once in the batch."));
            }

            if (transfers.TryGetValue(request.Id, out var existing))
            {
                if (existing.Request != request)
                {
                    return Rejection.LinkedBatchItemFailed(i, IdConflict(request.Id));
                }

                existingCount++;
                if (firstExisting < 0)
                {
                    firstExisting = i;
                }
            }
        }

        if (existingCount == 0)
        {
            return null;
        }

        if (existingCount < requests.Count)
        {
            return Rejection.LinkedBatchItemFailed(firstExisting, new Rejection(
                RejectionReason.IdAlreadyUsedInAnotherBatch,
                $"Transfer {requests[firstExisting].Id} was already applied, but other transfers of this batch were not; a batch is retried whole or not at all."));
        }

        isReplay = true;
        return null;
    }

    private static Rejection IdConflict(Guid id) =>
        new(RejectionReason.IdAlreadyUsedWithDifferentFields, $"Id {id} was already used for a transfer with different fields.");

    /// <summary>Validates and applies one request. On refusal nothing has been changed.</summary>
    private Rejection? Apply(TransferRequest request, DateTimeOffset now, RequesterRole role, out Transfer? transfer)
    {
        transfer = null;
        var shape = RequestShape.Check(request, Policy);
        if (shape is not null)
        {
            return shape;
        }

        if (transfers.ContainsKey(request.Id))
        {
            // Reached only inside a batch whose earlier item created this id.
            return IdConflict(request.Id);
        }

        return request.Kind switch
        {
            TransferKind.Direct or TransferKind.Pending => ApplyNewMovement(request, now, out transfer),
            TransferKind.PostPending => ApplyPost(request, now, out transfer),
            TransferKind.VoidPending => ApplyVoid(request, now, out transfer),
            _ => ApplyReversal(request, now, role, out transfer),
        };
    }

    private Rejection? ApplyNewMovement(TransferRequest request, DateTimeOffset now, out Transfer? transfer)
    {
        transfer = null;
        var rejection = FindMovingAccounts(request.DebitAccountId, request.CreditAccountId, out var payer, out var payee, request);
        if (rejection is not null)
        {
            return rejection;
        }

        var isHold = request.Kind == TransferKind.Pending;
        rejection = TryMove(payer, payee, isHold ? 0 : request.Amount, isHold ? request.Amount : 0, out var payerAfter, out var payeeAfter);
        if (rejection is not null)
        {
            return rejection;
        }

        long? sequence = null;
        if (!isHold)
        {
            sequence = AppendEntry(
                payer.ExchangeId, request.Id, request.Kind, request.Code, payer.Id, payee.Id, request.Amount,
                Guid.Empty, now, request.Memo, request.OrderReference).Sequence;
        }

        DateTimeOffset? expiresAt = isHold && request.Timeout is { } timeout ? LedgerTime.Normalize(now + timeout) : null;
        transfer = new Transfer
        {
            Request = request,
            ExchangeId = payer.ExchangeId,
            DebitAccountId = payer.Id,
            CreditAccountId = payee.Id,
            Amount = request.Amount,
            Code = request.Code,
            OrderReference = request.OrderReference,
            CreatedAt = now,
            ExpiresAt = expiresAt,
            HoldStatus = isHold ? HoldStatus.Open : HoldStatus.NotAHold,
            JournalSequence = sequence,
        };
        PutAccount(payerAfter);
        PutAccount(payeeAfter);
        PutTransfer(transfer);
        if (expiresAt is { } due)
        {
            expiryQueue.Enqueue(transfer.Id, due);
        }

        return null;
    }

    /// <summary>
    /// Both accounts exist, share an exchange, and may move credits (neither frozen nor closed) — except that a
    /// <see cref="IsWriteOffOfFrozenDebt">write-off</see> may reach a frozen member.
    /// </summary>
    private Rejection? FindMovingAccounts(Guid payerId, Guid payeeId, out AccountState payer, out AccountState payee, TransferRequest? request = null)
    {
        payee = null!;
        if (!accounts.TryGetValue(payerId, out payer!))
        {
            return new Rejection(RejectionReason.AccountNotFound, $"The payer account {payerId} does not exist.");
        }

        if (!accounts.TryGetValue(payeeId, out payee!))
        {
            return new Rejection(RejectionReason.AccountNotFound, $"The payee account {payeeId} does not exist.");
        }

        if (!string.Equals(payer.ExchangeId, payee.ExchangeId, StringComparison.Ordinal))
        {
            return new Rejection(
                RejectionReason.DifferentExchanges,
                $"The payer is in exchange '{payer.ExchangeId}' and the payee in '{payee.ExchangeId}'; cross-sector trade goes through the clearing accounts.");
        }

        if (CheckMayMove(payer, "payer") is { } payerRefused)
        {
            return payerRefused;
        }

        // The write-off exception is looked at only when the payee is frozen: nothing is added to an ordinary transfer.
        var payeeRefused = CheckMayMove(payee, "payee");
        return payeeRefused is { Reason: RejectionReason.AccountFrozen } && IsWriteOffOfFrozenDebt(request, payer, payee) ? null : payeeRefused;
    }

    /// <summary>
    /// A write-off of a frozen member's debt: a direct transfer, code WriteOff, from the exchange's reserve account, of
    /// at most the debt. A freeze stops an account from receiving, but a member frozen because it left owing the network
    /// is exactly whose debt a period close writes off; the transfer can only bring it towards zero, never above.
    /// </summary>
    private static bool IsWriteOffOfFrozenDebt(TransferRequest? request, AccountState payer, AccountState payee) =>
        request is { Kind: TransferKind.Direct, Code: TransferCode.WriteOff }
        && payer.Kind == AccountKind.Reserve && payee.Kind == AccountKind.Member && payee.Status == AccountStatus.Frozen
        && request.Amount <= -(Int128)payee.Balance;

    private static Rejection? CheckMayMove(AccountState account, string side) => account.Status switch
    {
        AccountStatus.Active => null,
        AccountStatus.Closed => new Rejection(RejectionReason.AccountClosed, $"The {side} account {account.Id} is closed."),
        _ => new Rejection(RejectionReason.AccountFrozen, $"The {side} account {account.Id} is frozen."),
    };

    /// <summary>
    /// Computes both accounts' new states without changing anything: the payer loses
    /// <paramref name="posted"/> from its balance and gains <paramref name="heldDelta"/> in pending debits;
    /// the payee mirrors it. Zero-sum holds by construction, since both sides use the same amounts.
    /// </summary>
    private static Rejection? TryMove(
        AccountState payer, AccountState payee, long posted, long heldDelta, out AccountState payerAfter, out AccountState payeeAfter)
    {
        payeeAfter = payee;
        return AccountMath.TryApply(payer, -posted, heldDelta, 0, out payerAfter)
            ?? AccountMath.TryApply(payee, posted, 0, heldDelta, out payeeAfter);
    }
}
