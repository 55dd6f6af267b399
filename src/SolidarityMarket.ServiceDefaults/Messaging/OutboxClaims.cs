using Microsoft.EntityFrameworkCore;

namespace SolidarityMarket.ServiceDefaults.Messaging;

/// <summary>Releasing outbox claims: the one update the relay (rows it did not start, its own rows on stopping) and the in-memory start-up share.</summary>
public static class OutboxClaims
{
    /// <summary>Clears the claim (lock token and expiry) of the given rows, so that the next poll of any relay takes them.</summary>
    public static Task<int> ReleaseClaimsAsync(this IQueryable<OutboxMessage> rows, CancellationToken cancellationToken) =>
        rows.ExecuteUpdateAsync(s => s
            .SetProperty(m => m.LockToken, (Guid?)null)
            .SetProperty(m => m.LockedUntil, (DateTimeOffset?)null), cancellationToken);
}
