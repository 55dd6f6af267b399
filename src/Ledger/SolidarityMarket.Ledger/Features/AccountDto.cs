using SolidarityMarket.Ledger.Data;

namespace SolidarityMarket.Ledger.Features;

/// <summary>An account as its holders see it. Amounts are credit hundredths.</summary>
public sealed record AccountDto(
    Guid Id, Guid OwnerId, string Kind, string ExchangeId, string Name,
    long Balance, long PendingDebits, long PendingCredits, long AvailableToSpend,
    long DebitLimit, long CreditLimit, string Status, DateTimeOffset OpenedAt)
{
    public static AccountDto From(Account a) => new(
        a.Id, a.OwnerId, a.Kind.ToString(), a.ExchangeId, a.Name,
        a.Balance, a.PendingDebits, a.PendingCredits, a.ToDomain().AvailableToSpend,
        a.DebitLimit, a.CreditLimit, a.Status.ToString(), a.OpenedAt);
}
