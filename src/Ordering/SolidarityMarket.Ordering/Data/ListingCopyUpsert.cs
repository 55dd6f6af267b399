using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using SolidarityMarket.Contracts.Catalog;

namespace SolidarityMarket.Ordering.Data;

/// <summary>
/// Writes a <see cref="ListingChanged"/> snapshot into the listing copy in one statement: insert it, or, when the copy
/// exists, overwrite it only if the snapshot's version is greater (<c>INSERT … ON CONFLICT (ListingId) DO UPDATE …
/// WHERE copy.Version &lt; new.Version</c>). Two snapshots of one listing handled at once therefore neither fail on the
/// primary key nor conflict on the version: the database serialises them on the row and the greater version stays,
/// whatever order they commit in. Loading, comparing and saving with a concurrency token made the loser of such a race
/// throw and be retried by the bus (logged errors, wasted work).
/// SQLite and PostgreSQL have this upsert; SQL Server has not (MERGE is another statement, not tested here), so there
/// <see cref="Supports"/> is false and the consumer keeps the load-compare-save path.
/// Table, column names and each value's stored form (SQLite keeps GUIDs as text and times as UTC ticks) come from the
/// EF model, so the row is the one EF would write.
/// </summary>
public static class ListingCopyUpsert
{
    private static readonly ConcurrentDictionary<IModel, Statement> Statements = new();

    private static readonly string[] Columns =
    [
        nameof(ListingCopy.ListingId), nameof(ListingCopy.VendorId), nameof(ListingCopy.Title), nameof(ListingCopy.Status),
        nameof(ListingCopy.PriceCents), nameof(ListingCopy.PriceCredits), nameof(ListingCopy.Stock), nameof(ListingCopy.Version),
        nameof(ListingCopy.ChangedAt),
    ];

    public static bool Supports(OrderingDbContext db) => db.Database.IsSqlite() || db.Database.ProviderName?.Contains("Npgsql", StringComparison.Ordinal) == true;

    /// <summary>Applies the snapshot inside the caller's transaction. Returns 1 if the copy was written, 0 if it already held this version or a greater one.</summary>
    public static Task<int> ApplyAsync(OrderingDbContext db, ListingChanged snapshot, CancellationToken ct)
    {
        var statement = Statements.GetOrAdd(db.Model, _ => Build(db));
        object?[] values =
        [
            snapshot.ListingId, snapshot.VendorId, snapshot.Title, snapshot.Status, snapshot.PriceCents, snapshot.PriceCredits,
            snapshot.Stock, snapshot.Version, snapshot.ChangedAt.ToUniversalTime(),
        ];
        using var command = db.Database.GetDbConnection().CreateCommand();
        var parameters = new DbParameter[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            var (mapping, nullable) = statement.Parameters[i];
            parameters[i] = mapping.CreateParameter(command, $"@p{i}", values[i], nullable);
        }

        return db.Database.ExecuteSqlRawAsync(statement.Sql, parameters, ct);
    }

    private sealed record Statement(string Sql, (RelationalTypeMapping Mapping, bool Nullable)[] Parameters);

    private static Statement Build(OrderingDbContext db)
    {
        var entity = db.Model.FindEntityType(typeof(ListingCopy)) ?? throw new InvalidOperationException("ListingCopy is not mapped.");
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var sql = db.GetService<ISqlGenerationHelper>();
        var properties = Columns.Select(c => entity.FindProperty(c) ?? throw new InvalidOperationException($"ListingCopy.{c} is not mapped.")).ToArray();
        var names = properties.Select(p => sql.DelimitIdentifier(p.GetColumnName(table)!)).ToArray();
        var key = names[0];
        var version = names[Array.IndexOf(Columns, nameof(ListingCopy.Version))];
        var text =
            $"INSERT INTO {sql.DelimitIdentifier(table.Name, table.Schema)} AS t ({string.Join(", ", names)}) " +
            $"VALUES ({string.Join(", ", names.Select((_, i) => $"@p{i}"))}) " +
            $"ON CONFLICT ({key}) DO UPDATE SET {string.Join(", ", names.Skip(1).Select(n => $"{n} = excluded.{n}"))} " +
            $"WHERE t.{version} < excluded.{version}";
        return new Statement(text, properties.Select(p => (p.GetRelationalTypeMapping(), p.IsNullable)).ToArray());
    }
}
