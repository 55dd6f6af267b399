using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;
using SolidarityMarket.Catalog.Data;
using SolidarityMarket.ServiceDefaults.Data;

namespace SolidarityMarket.Catalog.Tests;

/// <summary>
/// On SQL Server the clients' idempotency keys are compared exactly (binary collation), not case-insensitively as
/// SQL Server's usual collation would; the SQLite and PostgreSQL models keep their own exact comparison untouched.
/// No SQL Server runs here: the contexts are built but never opened.
/// </summary>
public sealed class SqlServerKeyCollationTests
{
    private static readonly string[] ExactColumns =
    [
        $"Listings.CreationKey={SqlServerCollations.ExactKeys}",
        $"Vendors.RegistrationKey={SqlServerCollations.ExactKeys}",
    ];

    [Fact]
    public void Sql_server_model_compares_the_idempotency_keys_exactly_and_nothing_else_differently()
    {
        using var db = new CatalogSqlServerDbContext(new DbContextOptionsBuilder<CatalogSqlServerDbContext>().UseSqlServer("Server=unused").Options);

        Assert.Equal(ExactColumns, CollatedColumns(db));
    }

    [Fact]
    public void Sqlite_and_postgres_models_set_no_collation()
    {
        using var sqlite = new CatalogSqliteDbContext(new DbContextOptionsBuilder<CatalogSqliteDbContext>().UseSqlite("Data Source=unused.db").Options);
        using var postgres = new CatalogPostgresDbContext(new DbContextOptionsBuilder<CatalogPostgresDbContext>().UseNpgsql("Host=unused").Options);

        Assert.Empty(CollatedColumns(sqlite));
        Assert.Empty(CollatedColumns(postgres));
    }

    [Fact]
    public void Sql_server_migration_drops_and_recreates_the_indexes_on_the_recollated_columns()
    {
        using var db = new CatalogSqlServerDbContext(new DbContextOptionsBuilder<CatalogSqlServerDbContext>().UseSqlServer("Server=unused").Options);
        var migrations = db.GetService<IMigrationsAssembly>().Migrations.Keys.ToList();
        var target = migrations.Single(m => m.EndsWith("_ExactKeysOnSqlServer", StringComparison.Ordinal));
        var script = db.GetService<IMigrator>().GenerateScript(fromMigration: migrations[migrations.IndexOf(target) - 1], toMigration: target);
        var model = db.GetService<IDesignTimeModel>().Model;
        var checkedIndexes = 0;

        foreach (var property in model.GetEntityTypes().SelectMany(e => e.GetProperties()).Where(p => p.GetCollation() is not null))
        {
            var entity = property.DeclaringType.ContainingEntityType;
            var alter = script.IndexOf($"[{entity.GetSchema()}].[{entity.GetTableName()}] ALTER COLUMN [{property.GetColumnName()}] ", StringComparison.Ordinal);
            Assert.True(alter >= 0, $"no ALTER COLUMN of {entity.GetTableName()}.{property.GetColumnName()}");
            Assert.Contains($"COLLATE {SqlServerCollations.ExactKeys}", script[alter..script.IndexOf('\n', alter)], StringComparison.Ordinal);
            // EF drops and recreates indexes around the ALTER COLUMN, not keys (a key here would need it done by hand).
            Assert.DoesNotContain(entity.GetKeys(), k => k.Properties.Contains(property));
            foreach (var index in entity.GetIndexes().Where(i => i.Properties.Contains(property)))
            {
                var name = index.GetDatabaseName();
                var drop = script.IndexOf($"DROP INDEX [{name}]", StringComparison.Ordinal);
                var create = script.IndexOf($"INDEX [{name}] ON", alter, StringComparison.Ordinal);
                Assert.True(drop >= 0 && drop < alter && create > alter, $"{name} is not dropped before and recreated after the ALTER COLUMN");
                checkedIndexes++;
            }
        }

        Assert.Equal(2, checkedIndexes);
    }

    /// <summary>"Table.Column=Collation" of every column with a collation of its own (the design-time model keeps it).</summary>
    private static List<string> CollatedColumns(DbContext db) =>
        db.GetService<IDesignTimeModel>().Model.GetEntityTypes()
            .SelectMany(e => e.GetProperties())
            .Where(p => p.GetCollation() is not null)
            .Select(p => $"{p.DeclaringType.ContainingEntityType.GetTableName()}.{p.GetColumnName()}={p.GetCollation()}")
            .Order(StringComparer.Ordinal)
            .ToList();
}
