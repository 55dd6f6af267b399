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

/// <summary>A page of the administrators' account list.</summary>
public sealed record AdminAccountPage(int PageNumber, int PageSize, int Total, List<AdminAccount> Items)
{
    public int LastPage => Math.Max(1, (Total + PageSize - 1) / PageSize);
}

/// <summary>
/// What narrows the administrators' account list; each null or empty is "any". <see cref="Text"/> is a piece of the
/// name or an account's or owner's number, as the API reads it; an e-mail is turned into <see cref="HolderUserId"/> first.
/// </summary>
public sealed record AccountSearch(string? Text, string? ExchangeId, string? Kind, string? Status, string? HolderUserId)
{
    public string ToQuery() => string.Join('&', new[] { ("q", Text), ("exchangeId", ExchangeId), ("kind", Kind), ("status", Status), ("holderUserId", HolderUserId) }
        .Where(p => !string.IsNullOrWhiteSpace(p.Item2))
        .Select(p => $"{p.Item1}={Uri.EscapeDataString(p.Item2!.Trim())}"));
}

/// <summary>A freeze, unfreeze or close: from what to what, who (a user id), when and why.</summary>
public sealed record AccountStatusChange(string PreviousStatus, string Status, string ChangedBy, DateTimeOffset ChangedAt, string Reason);

/// <summary>A change of an account's limits: before and after, who (a user id), when and why.</summary>
public sealed record AccountLimitChange(
    long PreviousDebitLimit, long PreviousCreditLimit, long DebitLimit, long CreditLimit, string ChangedBy, DateTimeOffset ChangedAt, string Reason);

/// <summary>A user as <c>GET /api/auth/users/{id}</c> answers an administrator; only the e-mail is shown.</summary>
public sealed record AdminUser(string Id, string? Email);
