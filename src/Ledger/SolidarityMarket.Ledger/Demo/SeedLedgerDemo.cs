using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SolidarityMarket.Contracts.Ledger;
using SolidarityMarket.Ledger.Data;
using SolidarityMarket.Ledger.Domain;
using SolidarityMarket.ServiceDefaults.Demo;
using SolidarityMarket.ServiceDefaults.Hosting;

namespace SolidarityMarket.Ledger.Demo;

/// <summary>
/// Gives member@demo.coop an account in every exchange with the Individual category's limits, as an administrator
/// opening it would (<see cref="Features.OpenAccount"/>): an account a member opens for themselves has debit limit 0,
/// and the demo should show a member paying with credits at once. Opens only the missing ones, so an account the
/// demo member already has (and its limits) stays as it is. Replicas starting together may both insert: the loser's
/// save fails on the one-account-per-owner-and-exchange index and it re-reads. Registered only in demo mode.
/// </summary>
public sealed class SeedLedgerDemo : IStartupTask
{
    public int Order => 100; // after SetUpExchanges (30)

    public async Task RunAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var db = services.GetRequiredService<LedgerDbContext>();
        var limits = services.GetRequiredService<IOptions<LedgerOptions>>().Value.LimitsFor("Individual");
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var owner = Features.OpenAccount.OwnerOf(DemoUsers.Member.Id);
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await OpenMissingAsync(db, owner, limits, now, cancellationToken);
                return;
            }
            catch (DbUpdateException) when (attempt < 3)
            {
                db.ChangeTracker.Clear(); // another replica opened them at the same moment: read again
            }
        }
    }

    private static async Task OpenMissingAsync(LedgerDbContext db, Guid owner, AccountLimits limits, DateTimeOffset now, CancellationToken ct)
    {
        var exchanges = await db.Exchanges.AsNoTracking().OrderBy(x => x.Id).Select(x => x.Id).ToListAsync(ct);
        var held = await db.Accounts.AsNoTracking()
            .Where(a => a.OwnerId == owner && a.Kind == AccountKind.Member).Select(a => a.ExchangeId).ToListAsync(ct);
        foreach (var exchange in exchanges.Except(held))
        {
            MemberAccounts.Open(db, owner, exchange, DemoUsers.Member.Email, limits.DebitLimit, limits.CreditLimit, [DemoUsers.Member.Id], now);
        }

        await db.SaveChangesAsync(ct);
    }
}
