using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using SolidarityMarket.ServiceDefaults.Data;

namespace SolidarityMarket.MigrationTests;

/// <summary>The embedded default: each family's migrations build a fresh SQLite file, and match the model on every provider.</summary>
public sealed class SqliteMigrationTests : IDisposable
{
    private readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("sm-migrations-");

    public static TheoryData<string> Families => ContextFamily.Names;

    public static TheoryData<string, DatabaseProvider> FamiliesAndProviders => ContextFamily.NamesAndProviders;

    [Theory]
    [MemberData(nameof(Families))]
    public async Task Migrations_apply_to_a_fresh_sqlite_file(string name)
    {
        var family = ContextFamily.Named(name);
        var ct = TestContext.Current.CancellationToken;
        var connectionString = $"Data Source={Path.Combine(folder.FullName, name.ToLowerInvariant() + ".db")}";

        await using (var db = family.Open(DatabaseProvider.Sqlite, connectionString))
        {
            await db.Database.MigrateAsync(ct);
        }

        await using (var db = family.Open(DatabaseProvider.Sqlite, connectionString))
        {
            var all = db.Database.GetMigrations().ToList();
            var applied = (await db.Database.GetAppliedMigrationsAsync(ct)).ToList();
            Assert.NotEmpty(all);
            Assert.Equal(all, applied);
            Assert.Empty(await db.Database.GetPendingMigrationsAsync(ct));

            // Applying again is a no-op, as at every start of the embedded host.
            await db.Database.MigrateAsync(ct);
            Assert.Equal(all, await db.Database.GetAppliedMigrationsAsync(ct));
        }
    }

    [Theory]
    [MemberData(nameof(FamiliesAndProviders))]
    public void Migrations_match_the_model(string name, DatabaseProvider provider)
    {
        using var db = ContextFamily.Named(name).OpenDesignTime(provider);

        Assert.NotEmpty(db.Database.GetMigrations());
        Assert.False(db.Database.HasPendingModelChanges(),
            $"The {name} model has changes with no {provider} migration. Run scripts/regenerate-migrations.sh <MigrationName>.");
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            folder.Delete(recursive: true);
        }
        catch (IOException)
        {
            // Only a temp folder is left behind.
        }
    }
}
