namespace SolidarityMarket.Contracts.Ledger;

/// <summary>Credits moved: a direct transfer, a posted hold or a reversal. Amounts are credit hundredths.</summary>
public sealed record TransferPosted(
    Guid TransferId, string ExchangeId, Guid DebitAccountId, Guid CreditAccountId, long Amount, string Code,
    string? OrderReference, Guid? RelatedTransferId, DateTimeOffset PostedAt);

/// <summary>Credits were reserved (a pending transfer): they count against the payer's limit until posted or voided.</summary>
public sealed record HoldPlaced(
    Guid TransferId, string ExchangeId, Guid DebitAccountId, Guid CreditAccountId, long Amount,
    string? OrderReference, DateTimeOffset? ExpiresAt, DateTimeOffset PlacedAt);

/// <summary>A hold was released without moving credits: voided, or expired at its timeout.</summary>
public sealed record HoldVoided(
    Guid TransferId, string ExchangeId, Guid DebitAccountId, long Amount, string? OrderReference, bool Expired, DateTimeOffset VoidedAt);
