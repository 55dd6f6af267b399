namespace SolidarityMarket.Ledger.Data;

/// <summary>
/// A credit account in one exchange. Balances are credit hundredths (<c>long</c>); a member's balance may go down
/// to <c>-DebitLimit</c> and up to <c>CreditLimit</c>.
/// </summary>
public sealed class Account
{
    public Guid Id { get; set; }

    /// <summary>The vendor or member the account belongs to (a Catalog vendor id for co-ops).</summary>
    public Guid OwnerId { get; set; }

    public AccountKind Kind { get; set; }

    public string ExchangeId { get; set; } = "";

    public string Name { get; set; } = "";

    public long Balance { get; set; }

    public long PendingDebits { get; set; }

    public long PendingCredits { get; set; }

    public long DebitLimit { get; set; }

    public long CreditLimit { get; set; }

    public AccountStatus Status { get; set; }

    public DateTimeOffset OpenedAt { get; set; }

    /// <summary>Users who may read and spend from the account (the owner's staff).</summary>
    public List<AccountHolder> Holders { get; set; } = [];
}

public sealed class AccountHolder
{
    public Guid AccountId { get; set; }

    public string UserId { get; set; } = "";
}

public enum AccountKind
{
    Member,
    Operating,
    Clearing,
    Reserve,
}

public enum AccountStatus
{
    Active,
    Frozen,
    Closed,
}
