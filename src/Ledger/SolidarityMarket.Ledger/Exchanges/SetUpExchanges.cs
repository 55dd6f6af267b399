using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SolidarityMarket.Ledger.Data;
using SolidarityMarket.Ledger.Domain;
using SolidarityMarket.ServiceDefaults.Hosting;

namespace SolidarityMarket.Ledger.Exchanges;

/// <summary>
/// Creates the configured exchanges and, for each, its operating (fees), clearing (cross-sector) and reserve
/// (write-offs) accounts. Ids are derived from the exchange id, so several processes starting at once agree, and
/// a lost insert race is simply re-read. Existing exchanges keep their journal; settings changes are applied to
/// the fee only (limits change through the audited admin endpoint).
/// </summary>
public sealed class SetUpExchanges : IStartupTask
{
    private static readonly Guid SystemAccounts = new("0196b000-0000-7000-8000-00000000a11c");

    public int Order => 30;

    public static Guid SystemAccountId(string exchangeId, AccountKind kind) =>
        DeterministicId.Derive(SystemAccounts, $"{exchangeId}:{kind}");

    public async Task RunAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var db = services.GetRequiredService<LedgerDbContext>();
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        foreach (var settings in services.GetRequiredService<IOptions<LedgerOptions>>().Value.EffectiveExchanges)
        {
            for (var attempt = 0; ; attempt++)
            {
                try
                {
                    await EnsureAsync(db, settings, now, cancellationToken);
                    break;
                }
                catch (DbUpdateException) when (attempt < 3)
                {
                    db.ChangeTracker.Clear(); // another process created it at the same moment: read it again
                }
            }
        }
    }

    private static async Task EnsureAsync(LedgerDbContext db, ExchangeSettings settings, DateTimeOffset now, CancellationToken ct)
    {
        var exchange = await db.Exchanges.FindAsync([settings.Id], ct);
        if (exchange is not null)
        {
            exchange.FeeBasisPoints = settings.FeeBasisPoints;
            await db.SaveChangesAsync(ct);
            return;
        }

        exchange = new Exchange
        {
            Id = settings.Id,
            Name = settings.Name ?? char.ToUpperInvariant(settings.Id[0]) + settings.Id[1..],
            FeeBasisPoints = settings.FeeBasisPoints,
            OperatingAccountId = SystemAccountId(settings.Id, AccountKind.Operating),
            ClearingAccountId = SystemAccountId(settings.Id, AccountKind.Clearing),
            ReserveAccountId = SystemAccountId(settings.Id, AccountKind.Reserve),
        };
        db.Exchanges.Add(exchange);
        db.Accounts.Add(System(exchange, AccountKind.Operating, debitLimit: 0, creditLimit: AccountState.NoCeiling, now));
        db.Accounts.Add(System(exchange, AccountKind.Clearing, settings.ClearingLimit, settings.ClearingLimit, now));
        db.Accounts.Add(System(exchange, AccountKind.Reserve, settings.ClearingLimit, AccountState.NoCeiling, now));
        await db.SaveChangesAsync(ct);
    }

    private static Account System(Exchange exchange, AccountKind kind, long debitLimit, long creditLimit, DateTimeOffset now) => new()
    {
        Id = SystemAccountId(exchange.Id, kind),
        OwnerId = Guid.Empty,
        Kind = kind,
        ExchangeId = exchange.Id,
        Name = $"{exchange.Name} {kind.ToString().ToLowerInvariant()}",
        DebitLimit = debitLimit,
        CreditLimit = creditLimit,
        Status = AccountStatus.Active,
        Version = 1,
        OpenedAt = now,
    };
}
