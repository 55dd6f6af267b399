namespace SolidarityMarket.Ledger.Domain;

/// <summary>
/// Asks for a new account. The id is client-supplied, like a transfer's: a retry with identical fields
/// returns the existing account, a retry with different fields is a conflict.
/// </summary>
public sealed record OpenAccountRequest(
    Guid Id,
    string ExchangeId,
    AccountKind Kind,
    long DebitLimit,
    long CreditLimit = AccountState.NoCeiling);
