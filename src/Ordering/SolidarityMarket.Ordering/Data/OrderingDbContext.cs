using SolidarityMarket.ServiceDefaults.Messaging;

namespace SolidarityMarket.Ordering.Data;

/// <summary>Ordering's data: its read copy of vendors (orders come with the Ordering issue), outbox and inbox.</summary>
public class OrderingDbContext(DbContextOptions options) : ServiceDbContext(options)
{
    public const string SchemaName = "ordering";

    public override string Schema => SchemaName;

    public DbSet<VendorCopy> Vendors => Set<VendorCopy>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.Entity<VendorCopy>(e =>
        {
            e.ToTable("VendorCopies");
            e.HasKey(x => x.VendorId);
            e.Property(x => x.Name).HasMaxLength(200);
            e.Property(x => x.Sector).HasMaxLength(40);
        });

        // Each feature area keeps its tables' mapping next to it (IEntityTypeConfiguration classes in this assembly).
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(OrderingDbContext).Assembly);
    }
}
