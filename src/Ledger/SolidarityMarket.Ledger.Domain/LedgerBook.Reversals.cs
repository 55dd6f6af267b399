namespace SolidarityMarket.Ledger.Domain;

public sealed partial class LedgerBook
{
    /// <summary>Reverses a posted transfer; see <see cref="ReversalPolicy"/> for who may.</summary>
    public SubmitResult Reverse(Guid id, Guid originalId, DateTimeOffset now, RequesterRole role, string memo = "") =>
        Submit(TransferRequest.Reversal(id, originalId, memo), now, role);

    /// <summary>
    /// History is never edited: a correction is a new transfer moving the same amount back, linked both ways
    /// (its <see cref="Transfer.OriginalId"/>, the original's <see cref="Transfer.ReversedById"/>). Limits and
    /// account states apply as to any transfer, so reversing can fail if the payee already spent the credits.
    /// </summary>
    private Rejection? ApplyReversal(TransferRequest request, DateTimeOffset now, RequesterRole role, out Transfer? transfer)
    {
        transfer = null;
        var originalId = request.OriginalId!.Value;
        if (!transfers.TryGetValue(originalId, out var original))
        {
            return new Rejection(RejectionReason.OriginalNotFound, $"There is no transfer {originalId} to reverse.");
        }

        var notReversible = original.Kind switch
        {
            TransferKind.Pending or TransferKind.VoidPending => new Rejection(
                RejectionReason.CannotReversePending,
                $"Transfer {originalId} is a hold or a void and moved no credits; void the hold, or reverse the transfer that posted it."),
            TransferKind.Reversal => new Rejection(RejectionReason.CannotReverseReversal, $"Transfer {originalId} is itself a reversal."),
            _ when original.ReversedById is { } by => new Rejection(RejectionReason.AlreadyReversed, $"Transfer {originalId} was already reversed by {by}."),
            _ => null,
        };
        if (notReversible is not null)
        {
            return notReversible;
        }

        var permission = ReversalPolicy.Check(role, original.CreatedAt, Policy.PayeeReversalWindow, now);
        if (permission is not null)
        {
            return permission;
        }

        if ((request.DebitAccountId != Guid.Empty && request.DebitAccountId != original.CreditAccountId)
            || (request.CreditAccountId != Guid.Empty && request.CreditAccountId != original.DebitAccountId)
            || (request.Amount != 0 && request.Amount != original.Amount))
        {
            return new Rejection(
                RejectionReason.DoesNotMatchReferencedTransfer,
                $"A reversal moves the whole amount of {originalId} from its payee back to its payer; leave accounts and amount empty or repeat them.");
        }

        // The original's payee pays back its payer.
        var rejection = FindMovingAccounts(original.CreditAccountId, original.DebitAccountId, out var payer, out var payee);
        if (rejection is not null)
        {
            return rejection;
        }

        rejection = TryMove(payer, payee, original.Amount, 0, out var payerAfter, out var payeeAfter);
        if (rejection is not null)
        {
            return rejection;
        }

        var orderReference = request.OrderReference ?? original.OrderReference;
        var entry = AppendEntry(
            original.ExchangeId, request.Id, TransferKind.Reversal, TransferCode.Reversal, payer.Id, payee.Id,
            original.Amount, originalId, now, request.Memo, orderReference);
        transfer = new Transfer
        {
            Request = request,
            ExchangeId = original.ExchangeId,
            DebitAccountId = payer.Id,
            CreditAccountId = payee.Id,
            Amount = original.Amount,
            Code = TransferCode.Reversal,
            OrderReference = orderReference,
            CreatedAt = now,
            JournalSequence = entry.Sequence,
        };
        PutAccount(payerAfter);
        PutAccount(payeeAfter);
        PutTransfer(transfer);
        PutTransfer(original with { ReversedById = request.Id });
        return null;
    }
}
