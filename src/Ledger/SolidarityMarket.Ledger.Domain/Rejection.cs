namespace SolidarityMarket.Ledger.Domain;

/// <summary>
/// A refused command: a named <see cref="Reason"/> plus a sentence for people.
/// For <see cref="RejectionReason.LinkedBatchFailed"/>, <see cref="FailedItemIndex"/> and <see cref="Cause"/>
/// say which item failed and why.
/// </summary>
public sealed record Rejection(RejectionReason Reason, string Detail)
{
    /// <summary>Zero-based index of the failing item of a linked batch.</summary>
    public int? FailedItemIndex { get; init; }

    /// <summary>Why the failing item of a linked batch was refused.</summary>
    public Rejection? Cause { get; init; }

    /// <summary>The innermost reason: the cause of a failed linked batch, or the reason itself.</summary>
    public RejectionReason RootReason => Cause?.RootReason ?? Reason;

    public RejectionCategory Category => RejectionReasons.CategoryOf(RootReason);

    public static Rejection LinkedBatchItemFailed(int index, Rejection cause) =>
        new(RejectionReason.LinkedBatchFailed, FormattableString.Invariant($"Linked batch item {index} was refused ({cause.Reason}): {cause.Detail} Nothing in the batch was applied."))
        {
            FailedItemIndex = index,
            Cause = cause,
        };

    public override string ToString() => $"{Reason}: {Detail}";
}
