namespace SolidarityMarket.Ledger.Domain;

/// <summary>One named inconsistency, e.g. "exchange food entry #17: hash mismatch ...".</summary>
public sealed record VerificationBreak(BreakKind Kind, string Description)
{
    public string? ExchangeId { get; init; }

    /// <summary>The journal entry concerned, if any.</summary>
    public long? Sequence { get; init; }

    public Guid? AccountId { get; init; }

    public Guid? TransferId { get; init; }

    public override string ToString() => Description;
}
