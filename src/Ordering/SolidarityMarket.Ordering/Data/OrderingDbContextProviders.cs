using SolidarityMarket.Ordering.Payments.Stripe;
using SolidarityMarket.ServiceDefaults.Data;

namespace SolidarityMarket.Ordering.Data;

// One context type per provider so each keeps its own migrations (Data/Migrations/{Provider}); see docs/adr/0003.
public sealed class OrderingSqliteDbContext(DbContextOptions<OrderingSqliteDbContext> options) : OrderingDbContext(options);

public sealed class OrderingPostgresDbContext(DbContextOptions<OrderingPostgresDbContext> options) : OrderingDbContext(options);

public sealed class OrderingSqlServerDbContext(DbContextOptions<OrderingSqlServerDbContext> options) : OrderingDbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);

        // Checkout keys (the buyer's) and Stripe's ids (evt_, pi_, ch_, tr_, re_, trr_, acct_: base62) are case-sensitive,
        // but SQL Server's usual collation is not: compare them exactly, or two values differing only in case would be
        // one to the look-ups, the unique index and the webhook de-duplication (see SqlServerCollations.ExactKeys).
        modelBuilder.Entity<Checkout>(e =>
        {
            e.Property(x => x.IdempotencyKey).UseCollation(SqlServerCollations.ExactKeys);
            e.Property(x => x.CardPaymentId).UseCollation(SqlServerCollations.ExactKeys);
            e.Property(x => x.CardChargeId).UseCollation(SqlServerCollations.ExactKeys);
        });
        modelBuilder.Entity<Order>(e =>
        {
            e.Property(x => x.TransferId).UseCollation(SqlServerCollations.ExactKeys);
            e.Property(x => x.RefundId).UseCollation(SqlServerCollations.ExactKeys);
            e.Property(x => x.TransferReversalId).UseCollation(SqlServerCollations.ExactKeys);
        });
        modelBuilder.Entity<VendorCopy>().Property(x => x.StripeAccountId).UseCollation(SqlServerCollations.ExactKeys);
        modelBuilder.Entity<StripeWebhookEvent>().Property(x => x.EventId).UseCollation(SqlServerCollations.ExactKeys);
    }
}

public sealed class OrderingSqliteDesignFactory() : DesignTimeFactory<OrderingSqliteDbContext>(DatabaseProvider.Sqlite, OrderingDbContext.SchemaName);

public sealed class OrderingPostgresDesignFactory() : DesignTimeFactory<OrderingPostgresDbContext>(DatabaseProvider.Postgres, OrderingDbContext.SchemaName);

public sealed class OrderingSqlServerDesignFactory() : DesignTimeFactory<OrderingSqlServerDbContext>(DatabaseProvider.SqlServer, OrderingDbContext.SchemaName);
