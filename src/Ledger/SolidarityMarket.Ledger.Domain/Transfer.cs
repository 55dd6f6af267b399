namespace SolidarityMarket.Ledger.Domain;

/// <summary>
/// An accepted transfer. Its money fields never change. The only later updates are one-time closings,
/// each going from "not yet" to a value exactly once: a hold's resolution (<see cref="HoldStatus"/>,
/// <see cref="ResolvedById"/>, <see cref="ResolvedAt"/>, <see cref="PostedAmount"/>) and the link to a
/// reversal (<see cref="ReversedById"/>).
/// </summary>
public sealed record Transfer
{
    /// <summary>The request exactly as accepted, kept to tell a replay from a conflict.</summary>
    public required TransferRequest Request { get; init; }

    /// <summary>Both accounts belong to this exchange.</summary>
    public required string ExchangeId { get; init; }

    /// <summary>The effective payer (for post, void and reversal derived from the referenced transfer).</summary>
    public required Guid DebitAccountId { get; init; }

    public required Guid CreditAccountId { get; init; }

    /// <summary>
    /// Direct and reversal: the amount moved. Hold: the amount reserved. Post: the amount moved.
    /// Void: the amount released.
    /// </summary>
    public required long Amount { get; init; }

    /// <summary>The effective code (a post or void carries its hold's code).</summary>
    public required TransferCode Code { get; init; }

    public string? OrderReference { get; init; }

    /// <summary>When the ledger accepted it (UTC, whole microseconds).</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>Holds with a timeout: the instant from which the hold can no longer be posted.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    public HoldStatus HoldStatus { get; init; }

    /// <summary>The post or void transfer that resolved this hold (null when it expired).</summary>
    public Guid? ResolvedById { get; init; }

    public DateTimeOffset? ResolvedAt { get; init; }

    /// <summary>For a posted hold: how much of it was posted.</summary>
    public long PostedAmount { get; init; }

    /// <summary>For a reversed transfer: the reversal.</summary>
    public Guid? ReversedById { get; init; }

    /// <summary>For a transfer that moved balances: its sequence number in its exchange's journal.</summary>
    public long? JournalSequence { get; init; }

    public Guid Id => Request.Id;

    public TransferKind Kind => Request.Kind;

    public string Memo => Request.Memo;

    /// <summary>For post and void: the hold they resolve.</summary>
    public Guid? PendingId => Request.PendingId;

    /// <summary>For a reversal: the transfer it reverses.</summary>
    public Guid? OriginalId => Request.OriginalId;

    /// <summary>Whether the transfer changed balances (and so has a journal entry).</summary>
    public bool MovesBalances => Kind is TransferKind.Direct or TransferKind.PostPending or TransferKind.Reversal;

    /// <summary>
    /// Whether the hold can still be posted or voided at <paramref name="now"/>. A hold past its timeout cannot,
    /// even before <see cref="LedgerBook.Expire"/> has swept it (it keeps reserving its amount until then).
    /// </summary>
    public bool IsResolvableAt(DateTimeOffset now) =>
        HoldStatus == HoldStatus.Open && (ExpiresAt is null || now < ExpiresAt.Value);
}
