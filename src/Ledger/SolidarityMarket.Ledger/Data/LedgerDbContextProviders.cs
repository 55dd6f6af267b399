using SolidarityMarket.ServiceDefaults.Data;

namespace SolidarityMarket.Ledger.Data;

// One context type per provider so each keeps its own migrations (Data/Migrations/{Provider}); see docs/adr/0003.
public sealed class LedgerSqliteDbContext(DbContextOptions<LedgerSqliteDbContext> options) : LedgerDbContext(options);

public sealed class LedgerPostgresDbContext(DbContextOptions<LedgerPostgresDbContext> options) : LedgerDbContext(options);

public sealed class LedgerSqlServerDbContext(DbContextOptions<LedgerSqlServerDbContext> options) : LedgerDbContext(options);

public sealed class LedgerSqliteDesignFactory() : DesignTimeFactory<LedgerSqliteDbContext>(DatabaseProvider.Sqlite, LedgerDbContext.SchemaName);

public sealed class LedgerPostgresDesignFactory() : DesignTimeFactory<LedgerPostgresDbContext>(DatabaseProvider.Postgres, LedgerDbContext.SchemaName);

public sealed class LedgerSqlServerDesignFactory() : DesignTimeFactory<LedgerSqlServerDbContext>(DatabaseProvider.SqlServer, LedgerDbContext.SchemaName);
