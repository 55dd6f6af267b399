namespace SolidarityMarket.Ledger.Domain;

/// <summary>
/// A member paying another member, in the same exchange or across sectors, possibly with a fee: what the
/// <see cref="TradePlanner"/> turns into the legs of one linked batch. The caller supplies both exchanges
/// (it has loaded both accounts).
/// </summary>
public sealed record TradeIntent
{
    /// <summary>Client-supplied; the first leg gets this id and the others ids derived from it.</summary>
    public required Guid TradeId { get; init; }

    public required Guid PayerAccountId { get; init; }

    public required string PayerExchangeId { get; init; }

    public required Guid PayeeAccountId { get; init; }

    public required string PayeeExchangeId { get; init; }

    /// <summary>What the payee receives, in minor units; the fee comes on top for the payer.</summary>
    public required long Amount { get; init; }

    public string Memo { get; init; } = "";

    public string? OrderReference { get; init; }

    /// <summary>Place holds (post them at order completion) rather than paying at once.</summary>
    public bool AsHold { get; init; }

    public TimeSpan? HoldTimeout { get; init; }
}
