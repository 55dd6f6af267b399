using SolidarityMarket.ServiceDefaults.Messaging;

namespace SolidarityMarket.Ordering.Data;

/// <summary>Ordering's data: read copies of vendors, listings and credit accounts; carts, checkouts, orders; outbox and inbox.</summary>
public class OrderingDbContext(DbContextOptions options) : ServiceDbContext(options)
{
    public const string SchemaName = "ordering";

    public override string Schema => SchemaName;

    public DbSet<VendorCopy> Vendors => Set<VendorCopy>();

    public DbSet<ListingCopy> Listings => Set<ListingCopy>();

    public DbSet<CreditAccountCopy> CreditAccounts => Set<CreditAccountCopy>();

    public DbSet<CartLine> CartLines => Set<CartLine>();

    public DbSet<Checkout> Checkouts => Set<Checkout>();

    public DbSet<Order> Orders => Set<Order>();

    public DbSet<OrderHistoryEntry> OrderHistory => Set<OrderHistoryEntry>();

    public DbSet<SimulatedCardObject> SimulatedCardObjects => Set<SimulatedCardObject>();

    public DbSet<CardReconciliationReport> CardReconciliationReports => Set<CardReconciliationReport>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.Entity<VendorCopy>(e =>
        {
            e.ToTable("VendorCopies");
            e.HasKey(x => x.VendorId);
            e.Property(x => x.Name).HasMaxLength(200);
            e.Property(x => x.Sector).HasMaxLength(40);
            e.Property(x => x.MembershipCategory).HasMaxLength(60);
            e.Property(x => x.StripeAccountId).HasMaxLength(100);
            e.HasIndex(x => x.StripeAccountId);
        });

        // Each feature area keeps its tables' mapping next to it (IEntityTypeConfiguration classes in this assembly).
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(OrderingDbContext).Assembly);
    }
}
