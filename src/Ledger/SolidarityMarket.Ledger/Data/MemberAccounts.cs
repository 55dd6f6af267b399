using SolidarityMarket.Contracts.Ledger;
using SolidarityMarket.Ledger.Domain;

namespace SolidarityMarket.Ledger.Data;

/// <summary>
/// Opening a member account, wherever it happens (a member's request, Catalog's vendor registration, demo seeding):
/// the new active account is added with its holders and announced with <see cref="CreditAccountOpened"/> through the
/// outbox in the same save. The callers decide the limits; this only keeps the rows and the event alike.
/// </summary>
public static class MemberAccounts
{
    public static Account Open(LedgerDbContext db, Guid ownerId, string exchangeId, string name, long debitLimit, long creditLimit, IEnumerable<string> holderUserIds, DateTimeOffset now)
    {
        var account = new Account
        {
            Id = Guid.CreateVersion7(now),
            OwnerId = ownerId,
            Kind = AccountKind.Member,
            ExchangeId = exchangeId,
            Name = name,
            DebitLimit = debitLimit,
            CreditLimit = creditLimit,
            Status = AccountStatus.Active,
            Version = 1,
            OpenedAt = now,
            Holders = DistinctHolders(holderUserIds).Select(u => new AccountHolder { UserId = u }).ToList(),
        };
        db.Accounts.Add(account);
        db.Publish(new CreditAccountOpened(account.Id, account.OwnerId, account.ExchangeId, account.DebitLimit, account.CreditLimit, now), now);
        return account;
    }

    /// <summary>
    /// Trimmed, and told apart regardless of case (first spelling kept): user ids are GUIDs, and on SQL Server the
    /// holder key compares without case or trailing spaces, so "abc" beside "ABC " failed the insert (a 500).
    /// </summary>
    public static IEnumerable<string> DistinctHolders(IEnumerable<string> userIds) =>
        userIds.Select(u => u.Trim()).Distinct(StringComparer.OrdinalIgnoreCase);
}
