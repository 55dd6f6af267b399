using Microsoft.EntityFrameworkCore;

namespace SolidarityMarket.ServiceDefaults.Data;

/// <summary>
/// A service's contexts for short reads on the request path (an authorization check, a look-up), rented from a pool
/// instead of built for every request: building a context (its EF services, its connection object) was most of the
/// ledger's holder check (docs/performance.md, the HTTP transfer path). Dispose a rented context to return it; EF
/// resets it (change tracker, connection) on the way back. For reads only: a request's writes and transactions keep
/// using its own scoped context.
/// </summary>
public sealed class ReadContextPool<TContext>(Func<TContext> rent)
    where TContext : DbContext
{
    /// <summary>How many idle contexts the pool keeps; a burst beyond it builds contexts as before.</summary>
    public const int Size = 256;

    public TContext Rent() => rent();
}
