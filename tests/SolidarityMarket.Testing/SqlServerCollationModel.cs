using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;
using SolidarityMarket.ServiceDefaults.Data;
using Xunit;

namespace SolidarityMarket.Testing;

/// <summary>
/// What a service's SQL Server model and migration do with the columns given a collation of their own
/// (<see cref="SqlServerCollations"/>), read from contexts that are built but never opened (no SQL Server runs here).
/// </summary>
public static class SqlServerCollationModel
{
    /// <summary>"Table.Column=Collation" of every column with a collation of its own (the design-time model keeps it).</summary>
    public static List<string> CollatedColumns(DbContext db) =>
        db.GetService<IDesignTimeModel>().Model.GetEntityTypes()
            .SelectMany(e => e.GetProperties())
            .Where(p => p.GetCollation() is not null)
            .Select(p => $"{p.DeclaringType.ContainingEntityType.GetTableName()}.{p.GetColumnName()}={p.GetCollation()}")
            .Order(StringComparer.Ordinal)
            .ToList();

    /// <summary>
    /// Checks in the script of the migration named <paramref name="migrationName"/> that each collated column is
    /// altered to its collation, and that every index and key on it is dropped before and recreated after (SQL Server
    /// refuses to change the collation of a column one depends on). Returns the names of those indexes and keys, sorted.
    /// </summary>
    public static List<string> DependentsRecreatedAroundTheAlters(DbContext db, string migrationName)
    {
        var migrations = db.GetService<IMigrationsAssembly>().Migrations.Keys.ToList();
        var target = migrations.Single(m => m.EndsWith("_" + migrationName, StringComparison.Ordinal));
        var script = db.GetService<IMigrator>().GenerateScript(fromMigration: migrations[migrations.IndexOf(target) - 1], toMigration: target);
        var dependents = new List<string>();
        foreach (var property in db.GetService<IDesignTimeModel>().Model.GetEntityTypes().SelectMany(e => e.GetProperties()).Where(p => p.GetCollation() is not null))
        {
            var entity = property.DeclaringType.ContainingEntityType;
            var alter = script.IndexOf($"[{entity.GetSchema()}].[{entity.GetTableName()}] ALTER COLUMN [{property.GetColumnName()}] ", StringComparison.Ordinal);
            Assert.True(alter >= 0, $"no ALTER COLUMN of {entity.GetTableName()}.{property.GetColumnName()}");
            Assert.Contains($"COLLATE {property.GetCollation()}", script[alter..script.IndexOf('\n', alter)], StringComparison.Ordinal);
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

        return [.. dependents.Order(StringComparer.Ordinal)];
    }

    private static void AssertDroppedAndRecreatedAround(string script, int alter, string name, string drop, string create)
    {
        var dropped = script.LastIndexOf($"{drop} [{name}]", alter, StringComparison.Ordinal);
        var recreated = script.IndexOf($"{create} [{name}]", alter, StringComparison.Ordinal);
        Assert.True(dropped >= 0 && recreated > alter, $"{name} is not dropped before and recreated after the ALTER COLUMN");
    }
}
