namespace SolidarityMarket.Contracts.Ledger;

/// <summary>The ledger opened a credit account for an owner (a vendor or an individual member).</summary>
public sealed record CreditAccountOpened(
    Guid AccountId,
    Guid OwnerId,
    string ExchangeId,
    long DebitLimit,
    long CreditLimit,
    DateTimeOffset OpenedAt);
