namespace SolidarityMarket.Web.Admin;

// The Ledger API's accounts as the administrators' pages read them (amounts in credit hundredths); only the fields shown.

/// <summary>An account as an administrator reads it: whose it is, its kind, figures, limits and state with its latest change.</summary>
public sealed record AdminAccount(
    Guid Id, Guid OwnerId, string Kind, string ExchangeId, string Name, long Balance, long PendingDebits, long PendingCredits,
    long AvailableToSpend, long DebitLimit, long CreditLimit, string Status, DateTimeOffset OpenedAt, AccountStatusChange? LastStatusChange)
{
    /// <summary>The ledger's "no ceiling" (<c>AccountState.NoCeiling</c>).</summary>
    public const long NoCeiling = long.MaxValue;

    public bool IsMember => Kind == "Member";
}

/// <summary>A freeze, unfreeze or close: from what to what, who (a user id), when and why.</summary>
public sealed record AccountStatusChange(string PreviousStatus, string Status, string ChangedBy, DateTimeOffset ChangedAt, string Reason);

/// <summary>A change of an account's limits: before and after, who (a user id), when and why.</summary>
public sealed record AccountLimitChange(
    long PreviousDebitLimit, long PreviousCreditLimit, long DebitLimit, long CreditLimit, string ChangedBy, DateTimeOffset ChangedAt, string Reason);

/// <summary>A user as <c>GET /api/auth/users/{id}</c> answers an administrator; only the e-mail is shown.</summary>
public sealed record AdminUser(string Id, string? Email);
