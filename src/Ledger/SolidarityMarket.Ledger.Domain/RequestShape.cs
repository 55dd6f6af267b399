namespace SolidarityMarket.Ledger.Domain;

/// <summary>
/// Checks what can be checked from a request alone, before looking at any state: cheap, and it keeps the
/// state-dependent rules free of malformed input.
/// </summary>
internal static class RequestShape
{
    public static Rejection? Check(TransferRequest request, LedgerPolicy policy)
    {
        if (request.Id == Guid.Empty)
        {
            return new Rejection(RejectionReason.MissingId, "A transfer needs a client-supplied id (not the empty GUID).");
        }

        if (!Enum.IsDefined(request.Kind))
        {
            return new Rejection(RejectionReason.UnknownTransferKind, $"Unknown transfer kind {(int)request.Kind}.");
        }

        if (!Enum.IsDefined(request.Code))
        {
            return new Rejection(RejectionReason.UnknownTransferCode, $"Unknown transfer code {(int)request.Code}.");
        }

        var text = CheckText(request, policy);
        if (text is not null)
        {
            return text;
        }

        return request.Kind switch
        {
            TransferKind.Direct or TransferKind.Pending => CheckNewMovement(request, policy),
            TransferKind.PostPending or TransferKind.VoidPending => CheckHoldResolution(request),
            _ => CheckReversal(request),
        };
    }

    private static Rejection? CheckText(TransferRequest request, LedgerPolicy policy)
    {
        if (request.Memo is null || !TextRules.IsStorable(request.Memo) || !TextRules.IsStorable(request.OrderReference))
        {
            return new Rejection(RejectionReason.TextNotStorable, "Memo and order reference must be text without NUL characters or broken surrogate pairs.");
        }

        if (request.Memo.Length > policy.MaxMemoLength)
        {
            return new Rejection(RejectionReason.MemoTooLong, FormattableString.Invariant($"The memo has {request.Memo.Length} characters; at most {policy.MaxMemoLength} are allowed."));
        }

        if (request.OrderReference is { } orderReference && orderReference.Length > policy.MaxOrderReferenceLength)
        {
            return new Rejection(RejectionReason.OrderReferenceTooLong, FormattableString.Invariant($"The order reference has {orderReference.Length} characters; at most {policy.MaxOrderReferenceLength} are allowed."));
        }

        return null;
    }

    private static Rejection? CheckNewMovement(TransferRequest request, LedgerPolicy policy)
    {
        if (request.Amount <= 0)
        {
            return AmountMustBePositive(request.Amount);
        }

        if (request.DebitAccountId == request.CreditAccountId)
        {
            return new Rejection(RejectionReason.SameAccount, $"Payer and payee are the same account {request.DebitAccountId}.");
        }

        if (request.PendingId is not null || request.OriginalId is not null)
        {
            return new Rejection(RejectionReason.UnexpectedReference, "Only post, void and reversal requests refer to another transfer.");
        }

        if (request.Code == TransferCode.Reversal)
        {
            return new Rejection(RejectionReason.ReversalCodeReserved, "The Reversal code is reserved to reversals; submit a reversal request instead.");
        }

        if (request.Kind == TransferKind.Direct && request.Timeout is not null)
        {
            return new Rejection(RejectionReason.TimeoutOnlyForHolds, "Only a hold (pending transfer) can have a timeout.");
        }

        if (request.Timeout is { } timeout && (timeout <= TimeSpan.Zero || timeout > policy.MaxHoldTimeout))
        {
            return new Rejection(RejectionReason.InvalidTimeout, FormattableString.Invariant($"A hold's timeout must be positive and at most {policy.MaxHoldTimeout}; got {timeout}."));
        }

        return null;
    }

    private static Rejection? CheckHoldResolution(TransferRequest request)
    {
        if (request.PendingId is not { } pendingId || pendingId == Guid.Empty)
        {
            return new Rejection(RejectionReason.MissingReference, "Post and void need the id of the hold (PendingId).");
        }

        if (request.OriginalId is not null)
        {
            return new Rejection(RejectionReason.UnexpectedReference, "Post and void refer to a hold (PendingId), not to an original transfer.");
        }

        return CheckDerivedAmountAndTimeout(request);
    }

    private static Rejection? CheckReversal(TransferRequest request)
    {
        if (request.OriginalId is not { } originalId || originalId == Guid.Empty)
        {
            return new Rejection(RejectionReason.MissingReference, "A reversal needs the id of the transfer to reverse (OriginalId).");
        }

        if (request.PendingId is not null)
        {
            return new Rejection(RejectionReason.UnexpectedReference, "A reversal refers to an original transfer (OriginalId), not to a hold.");
        }

        return CheckDerivedAmountAndTimeout(request);
    }

    private static Rejection? CheckDerivedAmountAndTimeout(TransferRequest request)
    {
        if (request.Amount < 0)
        {
            return AmountMustBePositive(request.Amount);
        }

        return request.Timeout is null
            ? null
            : new Rejection(RejectionReason.TimeoutOnlyForHolds, "Only a hold (pending transfer) can have a timeout.");
    }

    private static Rejection AmountMustBePositive(long amount) =>
        new(RejectionReason.AmountMustBePositive, FormattableString.Invariant($"The amount must be a positive number of minor units; got {amount}."));
}
