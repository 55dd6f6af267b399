using SolidarityMarket.ServiceDefaults.Messaging;

namespace SolidarityMarket.Catalog.Data;

/// <summary>Catalog's data: vendors and listings, plus its outbox and inbox.</summary>
public class CatalogDbContext(DbContextOptions options) : ServiceDbContext(options)
{
    public const string SchemaName = "catalog";

    public override string Schema => SchemaName;

    public DbSet<Vendor> Vendors => Set<Vendor>();

    public DbSet<Listing> Listings => Set<Listing>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.Entity<Vendor>(e =>
        {
            e.HasKey(x => x.Id);
            e.Property(x => x.Name).HasMaxLength(200);
            e.Property(x => x.Description).HasMaxLength(4000);
            e.Property(x => x.Category).HasConversion<string>().HasMaxLength(40);
            e.Property(x => x.Sector).HasMaxLength(40);
            e.Property(x => x.Region).HasMaxLength(100);
            e.Property(x => x.Website).HasMaxLength(300);
            e.HasMany(x => x.Staff).WithOne().HasForeignKey(s => s.VendorId);
        });
        modelBuilder.Entity<VendorStaff>(e =>
        {
            e.HasKey(x => new { x.VendorId, x.UserId });
            e.Property(x => x.UserId).HasMaxLength(64);
            e.HasIndex(x => x.UserId);
        });
        modelBuilder.Entity<Listing>(e =>
        {
            e.HasKey(x => x.Id);
            e.Property(x => x.Title).HasMaxLength(200);
            e.Property(x => x.Description).HasMaxLength(4000);
            e.Property(x => x.Kind).HasConversion<string>().HasMaxLength(20);
            e.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
            e.Property(x => x.Sector).HasMaxLength(40);
            e.HasOne<Vendor>().WithMany().HasForeignKey(x => x.VendorId);
            e.HasIndex(x => new { x.Status, x.CreatedAt });
        });
    }
}
