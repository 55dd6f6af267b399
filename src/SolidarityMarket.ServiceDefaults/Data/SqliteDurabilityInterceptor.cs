using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace SolidarityMarket.ServiceDefaults.Data;

/// <summary>
/// Every SQLite connection runs in WAL mode with <c>synchronous=FULL</c> (a committed transaction survives power
/// loss) and waits up to 30 s for a busy writer. Durability is never traded for speed here: speed comes from
/// batching many changes into one transaction.
/// </summary>
public sealed class SqliteDurabilityInterceptor : DbConnectionInterceptor
{
    public static readonly SqliteDurabilityInterceptor Instance = new();

    private const string Pragmas = "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA busy_timeout=30000; PRAGMA foreign_keys=ON;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
