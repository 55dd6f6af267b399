namespace SolidarityMarket.Ledger.Domain;

/// <summary>
/// A request to move or reserve credits, exactly as the client sent it. Stored with the resulting
/// <see cref="Transfer"/> so that a retry can be compared field by field (record equality):
/// identical fields replay the stored outcome, any difference is a conflict.
/// Use the factory methods; they produce the canonical shape of each <see cref="TransferKind"/>.
/// </summary>
public sealed record TransferRequest
{
    /// <summary>Client-supplied idempotency key; also the id of the resulting transfer.</summary>
    public required Guid Id { get; init; }

    public TransferKind Kind { get; init; } = TransferKind.Direct;

    /// <summary>The payer. For post, void and reversal: <see cref="Guid.Empty"/> (taken from the referenced transfer) or the same account.</summary>
    public Guid DebitAccountId { get; init; }

    /// <summary>The payee. For post, void and reversal: <see cref="Guid.Empty"/> or the same account as the referenced transfer.</summary>
    public Guid CreditAccountId { get; init; }

    /// <summary>
    /// Minor units, &gt; 0 for direct transfers and holds. For a post: 0 means the full held amount, otherwise at most
    /// the held amount. For a void or reversal: 0 or exactly the referenced amount.
    /// </summary>
    public long Amount { get; init; }

    /// <summary>Why credits move. Post and void inherit the hold's code and reversals always carry <see cref="TransferCode.Reversal"/>; there it is only compared on retries.</summary>
    public TransferCode Code { get; init; } = TransferCode.Trade;

    public string Memo { get; init; } = "";

    /// <summary>The order this payment belongs to, if any. Post and void inherit the hold's when left null.</summary>
    public string? OrderReference { get; init; }

    /// <summary>For holds only: how long the hold may stay open. Relative, so that a retry carries the same value.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>For post and void: the hold to resolve.</summary>
    public Guid? PendingId { get; init; }

    /// <summary>For reversals: the posted transfer to reverse.</summary>
    public Guid? OriginalId { get; init; }

    public static TransferRequest Direct(
        Guid id, Guid debitAccountId, Guid creditAccountId, long amount,
        TransferCode code = TransferCode.Trade, string memo = "", string? orderReference = null) =>
        new()
        {
            Id = id,
            Kind = TransferKind.Direct,
            DebitAccountId = debitAccountId,
            CreditAccountId = creditAccountId,
            Amount = amount,
            Code = code,
            Memo = memo,
            OrderReference = orderReference,
        };

    public static TransferRequest Hold(
        Guid id, Guid debitAccountId, Guid creditAccountId, long amount, TimeSpan? timeout,
        TransferCode code = TransferCode.Trade, string memo = "", string? orderReference = null) =>
        new()
        {
            Id = id,
            Kind = TransferKind.Pending,
            DebitAccountId = debitAccountId,
            CreditAccountId = creditAccountId,
            Amount = amount,
            Timeout = timeout,
            Code = code,
            Memo = memo,
            OrderReference = orderReference,
        };

    /// <param name="amount">0 posts the full held amount; anything smaller posts that and releases the rest.</param>
    public static TransferRequest PostHold(Guid id, Guid pendingId, long amount = 0, string memo = "") =>
        new() { Id = id, Kind = TransferKind.PostPending, PendingId = pendingId, Amount = amount, Memo = memo };

    public static TransferRequest VoidHold(Guid id, Guid pendingId, string memo = "") =>
        new() { Id = id, Kind = TransferKind.VoidPending, PendingId = pendingId, Memo = memo };

    public static TransferRequest Reversal(Guid id, Guid originalId, string memo = "") =>
        new() { Id = id, Kind = TransferKind.Reversal, OriginalId = originalId, Code = TransferCode.Reversal, Memo = memo };
}
