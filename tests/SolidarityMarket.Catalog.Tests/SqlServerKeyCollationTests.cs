using Microsoft.EntityFrameworkCore;
using SolidarityMarket.Catalog.Data;
using SolidarityMarket.ServiceDefaults.Data;
using SolidarityMarket.Testing;

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

        Assert.Equal(ExactColumns, SqlServerCollationModel.CollatedColumns(db));
    }

    [Fact]
    public void Sqlite_and_postgres_models_set_no_collation()
    {
        using var sqlite = new CatalogSqliteDbContext(new DbContextOptionsBuilder<CatalogSqliteDbContext>().UseSqlite("Data Source=unused.db").Options);
        using var postgres = new CatalogPostgresDbContext(new DbContextOptionsBuilder<CatalogPostgresDbContext>().UseNpgsql("Host=unused").Options);

        Assert.Empty(SqlServerCollationModel.CollatedColumns(sqlite));
        Assert.Empty(SqlServerCollationModel.CollatedColumns(postgres));
    }

    [Fact]
    public void Sql_server_migration_drops_and_recreates_the_indexes_on_the_recollated_columns()
    {
        using var db = new CatalogSqlServerDbContext(new DbContextOptionsBuilder<CatalogSqlServerDbContext>().UseSqlServer("Server=unused").Options);

        // EF drops and recreates indexes around the ALTER COLUMN, not keys: none depends on these columns.
        Assert.Equal(
            ["IX_Listings_CreatedByUserId_CreationKey", "IX_Vendors_RegisteredByUserId_RegistrationKey"],
            SqlServerCollationModel.DependentsRecreatedAroundTheAlters(db, "ExactKeysOnSqlServer"));
    }
}
