using Microsoft.Extensions.DependencyInjection;
using SolidarityMarket.Ledger.Data;
using SolidarityMarket.Ledger.Domain;
using SolidarityMarket.Testing;

namespace SolidarityMarket.Ledger.Tests.Posting;

/// <summary>The Posting tests' way into a host's ledger database: a fresh scope and context per call.</summary>
internal static class LedgerDbAccess
{
    public static async Task<T> WithDbAsync<T>(MarketplaceFactory factory, Func<LedgerDbContext, Task<T>> read)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await read(scope.ServiceProvider.GetRequiredService<LedgerDbContext>());
    }

    /// <summary>An active member account written straight to the database (optionally with one holder); returns its id.</summary>
    public static Task<Guid> OpenMemberAccountAsync(MarketplaceFactory factory, string name, string exchange = "food", long debitLimit = 10_000, long creditLimit = 10_000, string? holder = null) =>
        WithDbAsync(factory, async db =>
        {
            var account = new Account
            {
                Id = Guid.NewGuid(), OwnerId = Guid.NewGuid(), Kind = AccountKind.Member, ExchangeId = exchange, Name = name,
                DebitLimit = debitLimit, CreditLimit = creditLimit, Status = AccountStatus.Active, Version = 1, OpenedAt = DateTimeOffset.UtcNow,
                Holders = holder is null ? [] : [new AccountHolder { UserId = holder }],
            };
            db.Accounts.Add(account);
            await db.SaveChangesAsync();
            return account.Id;
        });
}
