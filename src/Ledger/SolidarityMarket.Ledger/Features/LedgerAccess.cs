using System.Security.Claims;
using Microsoft.Extensions.Logging;
using SolidarityMarket.Ledger.Data;
using SolidarityMarket.ServiceDefaults.Auth;
using SolidarityMarket.ServiceDefaults.Data;
using SolidarityMarket.ServiceDefaults.Messaging;

namespace SolidarityMarket.Ledger.Features;

/// <summary>
/// Per-object authorization: a member reads and spends only from accounts they hold (as the member, or as staff
/// of the co-op that owns it); administrators read all. Refusals are logged and look like "not found".
/// Each check reads the holders from the database (on a pooled context), so a change of holders counts at once.
/// </summary>
public sealed class LedgerAccess(ReadContextPool<LedgerDbContext> contexts, ILogger<LedgerAccess> logger)
{
    // Every spend asks this, so it is a compiled query: an ordinary LINQ query costs EF its expression work and a
    // freshly compiled parameter delegate on every call (a fifth of the HTTP transfer path's CPU in the profile,
    // docs/performance.md). It still reads the database every time: a holder removed is refused at once.
    private static readonly CompiledQueryPerModel<Func<LedgerDbContext, Guid, string, CancellationToken, Task<bool>>> HoldsQuery = new(() =>
        EF.CompileAsyncQuery((LedgerDbContext db, Guid accountId, string userId, CancellationToken ct) =>
            db.Accounts.Any(a => a.Id == accountId && a.Holders.Any(h => h.UserId == userId))));

    public async Task<bool> HoldsAsync(ClaimsPrincipal user, Guid accountId, CancellationToken ct)
    {
        if (user.IsAdmin())
        {
            return true;
        }

        var userId = user.UserId();
        await using var db = contexts.Rent();
        var holds = await HoldsQuery.For(db)(db, accountId, userId, ct);
        if (!holds)
        {
            logger.LogWarning("User {UserId} was refused access to account {AccountId}", userId, accountId);
        }

        return holds;
    }

    /// <summary>
    /// Logs a refusal decided elsewhere: the transfer path's holder check runs in the ledger writer's transaction
    /// (<see cref="Posting.TransferWork.RequiredHolder"/>), and is logged here like every other refusal.
    /// </summary>
    public void LogRefused(ClaimsPrincipal user, Guid accountId) =>
        logger.LogWarning("User {UserId} was refused access to account {AccountId}", user.UserId(), accountId);

    /// <summary>True when the user holds at least one of the accounts (either side of a transfer may read it).</summary>
    public async Task<bool> HoldsAnyAsync(ClaimsPrincipal user, IReadOnlyCollection<Guid> accountIds, CancellationToken ct)
    {
        if (user.IsAdmin())
        {
            return true;
        }

        var userId = user.UserId();
        await using var db = contexts.Rent();
        var holds = await db.Accounts.AsNoTracking().AnyAsync(a => accountIds.Contains(a.Id) && a.Holders.Any(h => h.UserId == userId), ct);
        if (!holds)
        {
            logger.LogWarning("User {UserId} was refused access to accounts {AccountIds}", userId, string.Join(",", accountIds));
        }

        return holds;
    }
}
