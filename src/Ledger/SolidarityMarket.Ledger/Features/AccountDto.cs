using SolidarityMarket.Ledger.Data;

namespace SolidarityMarket.Ledger.Features;

/// <summary>
/// An account as its holders see it. Amounts are credit hundredths. <see cref="LastStatusChange"/> is the latest
/// freeze, unfreeze or close with who, when and why (null for an account never changed since it was opened); the
/// whole history is <c>GET .../status-changes</c>.
/// </summary>
public sealed record AccountDto(
    Guid Id, Guid OwnerId, string Kind, string ExchangeId, string Name,
    long Balance, long PendingDebits, long PendingCredits, long AvailableToSpend,
    long DebitLimit, long CreditLimit, string Status, DateTimeOffset OpenedAt,
    AccountStatusHistory.AccountStatusChangeDto? LastStatusChange = null)
{
    public static AccountDto From(Account a, AccountStatusHistory.AccountStatusChangeDto? lastStatusChange = null) => new(
        a.Id, a.OwnerId, a.Kind.ToString(), a.ExchangeId, a.Name,
        a.Balance, a.PendingDebits, a.PendingCredits, a.ToDomain().AvailableToSpend,
        a.DebitLimit, a.CreditLimit, a.Status.ToString(), a.OpenedAt, lastStatusChange);

    /// <summary>The accounts with their latest state change, read in one more query.</summary>
    public static async Task<List<AccountDto>> WithStatusChangesAsync(LedgerDbContext db, IReadOnlyList<Account> accounts, CancellationToken ct)
    {
        var latest = await AccountStatusHistory.LatestAsync(db, [.. accounts.Select(a => a.Id)], ct);
        return [.. accounts.Select(a => From(a, latest.GetValueOrDefault(a.Id)))];
    }
}
