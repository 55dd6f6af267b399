using SolidarityMarket.ServiceDefaults.Data;

namespace SolidarityMarket.Catalog.Data;

// One context type per provider so each keeps its own migrations (Data/Migrations/{Provider}); see docs/adr/0003.
public sealed class CatalogSqliteDbContext(DbContextOptions<CatalogSqliteDbContext> options) : CatalogDbContext(options);

public sealed class CatalogPostgresDbContext(DbContextOptions<CatalogPostgresDbContext> options) : CatalogDbContext(options);

public sealed class CatalogSqlServerDbContext(DbContextOptions<CatalogSqlServerDbContext> options) : CatalogDbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);

        // Clients' idempotency keys are case-sensitive, but SQL Server's usual collation is not: compare them exactly,
        // or "abc" and "ABC" would be one key to the unique indexes (see SqlServerCollations.ExactKeys).
        modelBuilder.Entity<Vendor>().Property(x => x.RegistrationKey).UseCollation(SqlServerCollations.ExactKeys);
        modelBuilder.Entity<Listing>().Property(x => x.CreationKey).UseCollation(SqlServerCollations.ExactKeys);
    }
}

public sealed class CatalogSqliteDesignFactory() : DesignTimeFactory<CatalogSqliteDbContext>(DatabaseProvider.Sqlite, CatalogDbContext.SchemaName);

public sealed class CatalogPostgresDesignFactory() : DesignTimeFactory<CatalogPostgresDbContext>(DatabaseProvider.Postgres, CatalogDbContext.SchemaName);

public sealed class CatalogSqlServerDesignFactory() : DesignTimeFactory<CatalogSqlServerDbContext>(DatabaseProvider.SqlServer, CatalogDbContext.SchemaName);
