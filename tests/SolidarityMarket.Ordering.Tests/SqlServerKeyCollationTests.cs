using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;
using SolidarityMarket.Ordering.Data;
using SolidarityMarket.ServiceDefaults.Data;

namespace SolidarityMarket.Ordering.Tests;

/// <summary>
/// On SQL Server the buyers' checkout keys and Stripe's ids (case-sensitive base62) are compared exactly (binary
/// collation), not case-insensitively as SQL Server's usual collation would; the SQLite and PostgreSQL models keep
/// their own exact comparison untouched. No SQL Server runs here: the contexts are built but never opened.
/// </summary>
public sealed class SqlServerKeyCollationTests
{
    private static readonly string[] ExactColumns =
    [
        $"Checkouts.CardChargeId={SqlServerCollations.ExactKeys}",
        $"Checkouts.CardPaymentId={SqlServerCollations.ExactKeys}",
        $"Checkouts.IdempotencyKey={SqlServerCollations.ExactKeys}",
        $"Orders.RefundId={SqlServerCollations.ExactKeys}",
        $"Orders.TransferId={SqlServerCollations.ExactKeys}",
        $"Orders.TransferReversalId={SqlServerCollations.ExactKeys}",
        $"StripeWebhookEvents.EventId={SqlServerCollations.ExactKeys}",
        $"VendorCopies.StripeAccountId={SqlServerCollations.ExactKeys}",
    ];

    [Fact]
    public void Sql_server_model_compares_checkout_keys_and_stripe_ids_exactly_and_nothing_else_differently()
    {
        using var db = SqlServer();

        Assert.Equal(ExactColumns, CollatedColumns(db));
    }

    [Fact]
    public void Sqlite_and_postgres_models_set_no_collation()
    {
        using var sqlite = new OrderingSqliteDbContext(new DbContextOptionsBuilder<OrderingSqliteDbContext>().UseSqlite("Data Source=unused.db").Options);
        using var postgres = new OrderingPostgresDbContext(new DbContextOptionsBuilder<OrderingPostgresDbContext>().UseNpgsql("Host=unused").Options);

        Assert.Empty(CollatedColumns(sqlite));
        Assert.Empty(CollatedColumns(postgres));
    }

    /// <summary>
    /// SQL Server refuses to change the collation of a column an index or constraint depends on. EF drops and
    /// recreates the indexes itself; the webhook events' primary key is dropped and re-added by hand in the migration.
    /// </summary>
    [Fact]
    public void Sql_server_migration_drops_and_recreates_the_indexes_and_keys_on_the_recollated_columns()
    {
        using var db = SqlServer();
        var migrations = db.GetService<IMigrationsAssembly>().Migrations.Keys.ToList();
        var target = migrations.Single(m => m.EndsWith("_ExactKeysOnSqlServer", StringComparison.Ordinal));
        var script = db.GetService<IMigrator>().GenerateScript(fromMigration: migrations[migrations.IndexOf(target) - 1], toMigration: target);
        var model = db.GetService<IDesignTimeModel>().Model;
        var dependents = new List<string>();

        foreach (var property in model.GetEntityTypes().SelectMany(e => e.GetProperties()).Where(p => p.GetCollation() is not null))
        {
            var entity = property.DeclaringType.ContainingEntityType;
            var alter = script.IndexOf($"[{entity.GetSchema()}].[{entity.GetTableName()}] ALTER COLUMN [{property.GetColumnName()}] ", StringComparison.Ordinal);
            Assert.True(alter >= 0, $"no ALTER COLUMN of {entity.GetTableName()}.{property.GetColumnName()}");
            Assert.Contains($"COLLATE {SqlServerCollations.ExactKeys}", script[alter..script.IndexOf('\n', alter)], StringComparison.Ordinal);
            foreach (var index in entity.GetIndexes().Where(i => i.Properties.Contains(property)))
            {
                AssertDroppedAndRecreatedAround(script, alter, index.GetDatabaseName()!, "DROP INDEX", "INDEX");
                dependents.Add(index.GetDatabaseName()!);
            }

            foreach (var key in entity.GetKeys().Where(k => k.Properties.Contains(property)))
            {
                AssertDroppedAndRecreatedAround(script, alter, key.GetName()!, "DROP CONSTRAINT", "ADD CONSTRAINT");
                dependents.Add(key.GetName()!);
            }
        }

        Assert.Equal(
            ["IX_Checkouts_BuyerUserId_IdempotencyKey", "IX_Checkouts_CardPaymentId", "IX_VendorCopies_StripeAccountId", "PK_StripeWebhookEvents"],
            dependents.Order(StringComparer.Ordinal));
    }

    private static void AssertDroppedAndRecreatedAround(string script, int alter, string name, string drop, string create)
    {
        var dropped = script.LastIndexOf($"{drop} [{name}]", alter, StringComparison.Ordinal);
        var recreated = script.IndexOf($"{create} [{name}]", alter, StringComparison.Ordinal);
        Assert.True(dropped >= 0 && recreated > alter, $"{name} is not dropped before and recreated after the ALTER COLUMN");
    }

    private static OrderingSqlServerDbContext SqlServer() =>
        new(new DbContextOptionsBuilder<OrderingSqlServerDbContext>().UseSqlServer("Server=unused").Options);

    /// <summary>"Table.Column=Collation" of every column with a collation of its own (the design-time model keeps it).</summary>
    private static List<string> CollatedColumns(DbContext db) =>
        db.GetService<IDesignTimeModel>().Model.GetEntityTypes()
            .SelectMany(e => e.GetProperties())
            .Where(p => p.GetCollation() is not null)
            .Select(p => $"{p.DeclaringType.ContainingEntityType.GetTableName()}.{p.GetColumnName()}={p.GetCollation()}")
            .Order(StringComparer.Ordinal)
            .ToList();
}
