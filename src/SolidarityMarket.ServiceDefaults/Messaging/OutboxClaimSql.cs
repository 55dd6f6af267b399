using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Npgsql;

namespace SolidarityMarket.ServiceDefaults.Messaging;

/// <summary>
/// The relay's claim on PostgreSQL in one statement: <c>UPDATE … WHERE Id IN (SELECT … ORDER BY CreatedAt, Id LIMIT n
/// FOR UPDATE SKIP LOCKED) RETURNING *</c>, instead of reading the due ids, claiming them and reading the claimed rows
/// back (three round trips, each parsed, planned and run by PostgreSQL and a separate implicit transaction). The
/// rows and their order are those of the generic path: due (unsent, attempt time reached) and not claimed, or whose
/// claim expired; oldest first. <c>FOR UPDATE</c> re-checks those conditions on a row another relay changed since the
/// statement's snapshot, and <c>SKIP LOCKED</c> passes over rows another relay is claiming at that moment (they are its
/// round's), so two replicas never claim one row.
/// </summary>
public static class OutboxClaimSql
{
    private static readonly ConcurrentDictionary<IModel, string> SqlByModel = new();

    public static bool Supports(DbContext db) => db.Database.IsNpgsql();

    public static async Task<List<OutboxMessage>> ClaimAsync(DbContext db, Guid token, DateTimeOffset now, DateTimeOffset lockedUntil, int batchSize, CancellationToken cancellationToken)
    {
        var sql = SqlByModel.GetOrAdd(db.Model, Build);
        var rows = await db.Set<OutboxMessage>()
            .FromSqlRaw(sql,
                new NpgsqlParameter("token", token),
                new NpgsqlParameter("lockedUntil", lockedUntil),
                new NpgsqlParameter("now", now),
                new NpgsqlParameter("batch", batchSize))
            .AsNoTracking()
            .ToListAsync(cancellationToken);
        // RETURNING gives no order: the round delivers (and, one at a time, publishes) in creation order.
        rows.Sort((a, b) => a.CreatedAt != b.CreatedAt ? a.CreatedAt.CompareTo(b.CreatedAt) : a.Id.CompareTo(b.Id));
        return rows;
    }

    // Names from the model, so a schema or column mapping change cannot leave this statement behind.
    private static string Build(IModel model)
    {
        var entity = model.FindEntityType(typeof(OutboxMessage)) ?? throw new InvalidOperationException("The model has no outbox.");
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        string Column(string property) => Quote(entity.FindProperty(property)!.GetColumnName(table)!);
        var name = (entity.GetSchema() is { } schema ? Quote(schema) + "." : "") + Quote(entity.GetTableName()!);
        var id = Column(nameof(OutboxMessage.Id));
        var lockedUntilColumn = Column(nameof(OutboxMessage.LockedUntil));
        return $"""
            UPDATE {name} SET {Column(nameof(OutboxMessage.LockToken))} = @token, {lockedUntilColumn} = @lockedUntil
            WHERE {id} IN (
                SELECT {id} FROM {name}
                WHERE {Column(nameof(OutboxMessage.SentAt))} IS NULL AND {Column(nameof(OutboxMessage.NextAttemptAt))} <= @now
                  AND ({lockedUntilColumn} IS NULL OR {lockedUntilColumn} < @now)
                ORDER BY {Column(nameof(OutboxMessage.CreatedAt))}, {id}
                LIMIT @batch
                FOR UPDATE SKIP LOCKED)
            RETURNING *
            """;
    }

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
