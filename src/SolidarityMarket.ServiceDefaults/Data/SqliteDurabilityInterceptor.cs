using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace SolidarityMarket.ServiceDefaults.Data;

/// <summary>
/// Every SQLite connection runs in WAL mode with <c>synchronous=FULL</c> (a committed transaction survives power
/// loss) and waits up to 30 s for a busy writer. Durability is never traded for speed here: speed comes from
/// batching many changes into one transaction.
/// The settings belong to the native connection, which the pool keeps open and hands out again: they are applied
/// once per native connection (remembered by its handle), not on every open. EF opens and closes the connection
/// around each query outside a transaction, so running them on every open cost one more command per query.
/// <c>journal_size_limit</c> caps what the WAL file keeps on disk after it restarts: under a writer that never pauses
/// the WAL cannot restart and grows (259 MB in a 50,000-transfer ledger benchmark run, docs/performance.md), and
/// without the limit SQLite keeps the file at that size for good once it does restart. Durability is unaffected.
/// </summary>
public sealed class SqliteDurabilityInterceptor : DbConnectionInterceptor
{
    public static readonly SqliteDurabilityInterceptor Instance = new();

    /// <summary>Bytes the WAL file keeps after a restart (64 MB; SQLite's default keeps all of it).</summary>
    public const long WalSizeLimitBytes = 64L * 1024 * 1024;

    private static readonly string Pragmas = $"PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA busy_timeout=30000; PRAGMA foreign_keys=ON; PRAGMA journal_size_limit={WalSizeLimitBytes};";

    // Keyed by the native handle object: the entry goes away with the native connection, and a new native connection
    // (a new handle) is configured again.
    private readonly ConditionalWeakTable<object, object> _configured = new();

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (!NeedsPragmas(connection))
        {
            return;
        }

        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
        Remember(connection);
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (!NeedsPragmas(connection))
        {
            return;
        }

        await using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
        Remember(connection);
    }

    private bool NeedsPragmas(DbConnection connection) =>
        connection is not SqliteConnection { Handle: { } handle } || !_configured.TryGetValue(handle, out _);

    private void Remember(DbConnection connection)
    {
        if (connection is SqliteConnection { Handle: { } handle })
        {
            _configured.AddOrUpdate(handle, true);
        }
    }
}
