using SolidarityMarket.ServiceDefaults.Data;

namespace SolidarityMarket.Ordering.Data;

// One context type per provider so each keeps its own migrations (Data/Migrations/{Provider}); see docs/adr/0003.
public sealed class OrderingSqliteDbContext(DbContextOptions<OrderingSqliteDbContext> options) : OrderingDbContext(options);

public sealed class OrderingPostgresDbContext(DbContextOptions<OrderingPostgresDbContext> options) : OrderingDbContext(options);

public sealed class OrderingSqlServerDbContext(DbContextOptions<OrderingSqlServerDbContext> options) : OrderingDbContext(options);

public sealed class OrderingSqliteDesignFactory() : DesignTimeFactory<OrderingSqliteDbContext>(DatabaseProvider.Sqlite, OrderingDbContext.SchemaName);

public sealed class OrderingPostgresDesignFactory() : DesignTimeFactory<OrderingPostgresDbContext>(DatabaseProvider.Postgres, OrderingDbContext.SchemaName);

public sealed class OrderingSqlServerDesignFactory() : DesignTimeFactory<OrderingSqlServerDbContext>(DatabaseProvider.SqlServer, OrderingDbContext.SchemaName);
