using SolidarityMarket.Ledger.Domain;

namespace SolidarityMarket.Ledger.Data;

/// <summary>
/// A credit account in one exchange, as stored. Balances are credit hundredths (<c>long</c>). The money fields
/// change only through the ledger writer (<see cref="Posting.LedgerWriter"/>), which applies the domain rules.
/// </summary>
public sealed class Account
{
    public Guid Id { get; set; }

    /// <summary>The vendor or member the account belongs to (a Catalog vendor id for co-ops, a user id's owner).</summary>
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

    /// <summary>Bumped by every change; the writer checks it so a change never lands on a stale row.</summary>
    public long Version { get; set; }

    public DateTimeOffset OpenedAt { get; set; }

    /// <summary>Users who may read and spend from the account (the owner's staff, or the member).</summary>
    public List<AccountHolder> Holders { get; set; } = [];
}

public sealed class AccountHolder
{
    /// <summary>The user id column's length (Identity's ids are GUID strings).</summary>
    public const int MaxUserIdLength = 64;

    public Guid AccountId { get; set; }

    public string UserId { get; set; } = "";
}
