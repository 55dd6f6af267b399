namespace SolidarityMarket.Ledger.Domain;

/// <summary>Tunable limits of the money rules. The defaults are the product's.</summary>
public sealed record LedgerPolicy
{
    public static LedgerPolicy Default { get; } = new();

    /// <summary>In UTF-16 code units, as .NET and the database count them.</summary>
    public int MaxMemoLength { get; init; } = 500;

    public int MaxOrderReferenceLength { get; init; } = 100;

    public int MaxExchangeIdLength { get; init; } = 64;

    /// <summary>How long after the original was posted its payee may still reverse it.</summary>
    public TimeSpan PayeeReversalWindow { get; init; } = TimeSpan.FromDays(14);

    /// <summary>Longest hold timeout; also keeps "now + timeout" far from the end of the calendar.</summary>
    public TimeSpan MaxHoldTimeout { get; init; } = TimeSpan.FromDays(366);

    /// <summary>Most items in one linked batch; a batch is one unit of work and must stay small.</summary>
    public int MaxLinkedBatchSize { get; init; } = 64;
}
