using System.Security.Claims;
using Microsoft.Extensions.Logging;
using SolidarityMarket.Ledger.Data;
using SolidarityMarket.ServiceDefaults.Auth;

namespace SolidarityMarket.Ledger.Features;

/// <summary>
/// Per-object authorization: a member reads and spends only from accounts they hold (as the member, or as staff
/// of the co-op that owns it); administrators read all. Refusals are logged and look like "not found".
/// </summary>
public sealed class LedgerAccess(LedgerDbContext db, ILogger<LedgerAccess> logger)
{
    public async Task<bool> HoldsAsync(ClaimsPrincipal user, Guid accountId, CancellationToken ct)
    {
        if (user.IsAdmin())
        {
            return true;
        }

        var userId = user.UserId();
        var holds = await db.Accounts.AsNoTracking().AnyAsync(a => a.Id == accountId && a.Holders.Any(h => h.UserId == userId), ct);
        if (!holds)
        {
            logger.LogWarning("User {UserId} was refused access to account {AccountId}", userId, accountId);
        }

        return holds;
    }

    /// <summary>True when the user holds at least one of the accounts (either side of a transfer may read it).</summary>
    public async Task<bool> HoldsAnyAsync(ClaimsPrincipal user, IReadOnlyCollection<Guid> accountIds, CancellationToken ct)
    {
        if (user.IsAdmin())
        {
            return true;
        }

        var userId = user.UserId();
        var holds = await db.Accounts.AsNoTracking().AnyAsync(a => accountIds.Contains(a.Id) && a.Holders.Any(h => h.UserId == userId), ct);
        if (!holds)
        {
            logger.LogWarning("User {UserId} was refused access to accounts {AccountIds}", userId, string.Join(",", accountIds));
        }

        return holds;
    }
}
