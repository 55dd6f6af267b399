namespace SolidarityMarket.Contracts.Ledger;

/// <summary>
/// Ordering asks the ledger to hold a credit payment for an order (a held trade: fee and clearing legs included).
/// <paramref name="HoldId"/> is the idempotency key; the buyer must hold the payer account.
/// Replies: <see cref="CreditsHeld"/> or <see cref="CreditHoldRejected"/>.
/// </summary>
public sealed record HoldCredits(Guid HoldId, Guid OrderId, string BuyerUserId, Guid PayerAccountId, Guid PayeeAccountId, long Amount, string Memo, long? TimeoutSeconds);

/// <summary>The credits are held for the order; they move only when the hold is posted.</summary>
public sealed record CreditsHeld(Guid HoldId, Guid OrderId, long Amount, long Fee, DateTimeOffset? ExpiresAt);

/// <summary>The hold was refused; <paramref name="Reason"/> is the ledger's reason code (e.g. ExceedsDebitLimit, AccountFrozen).</summary>
public sealed record CreditHoldRejected(Guid HoldId, Guid OrderId, string Reason, string Detail);

/// <summary>Ordering completes the order: post the held credits (all, or a smaller <paramref name="Amount"/>).</summary>
public sealed record PostHold(Guid HoldId, Guid OrderId, long? Amount);

/// <summary>Ordering cancels the order: release the held credits.</summary>
public sealed record VoidHold(Guid HoldId, Guid OrderId);

/// <summary>A post or void could not be applied (e.g. the hold had expired); Ordering must reconcile.</summary>
public sealed record CreditSettlementRejected(Guid HoldId, Guid OrderId, string Action, string Reason, string Detail);
