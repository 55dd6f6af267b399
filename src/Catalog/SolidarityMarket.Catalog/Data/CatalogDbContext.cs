using SolidarityMarket.ServiceDefaults.Messaging;

namespace SolidarityMarket.Catalog.Data;

/// <summary>Catalog's data: vendors, their certification, listings, plus its outbox and inbox.</summary>
public class CatalogDbContext(DbContextOptions options) : ServiceDbContext(options)
{
    public const string SchemaName = "catalog";

    public override string Schema => SchemaName;

    public DbSet<Vendor> Vendors => Set<Vendor>();

    public DbSet<Listing> Listings => Set<Listing>();

    public DbSet<StockReservation> StockReservations => Set<StockReservation>();

    public DbSet<CertificationApplication> CertificationApplications => Set<CertificationApplication>();

    public DbSet<Certificate> Certificates => Set<Certificate>();

    public DbSet<CertificationAuditEntry> CertificationAudit => Set<CertificationAuditEntry>();

    public DbSet<VendorStaffChange> VendorStaffChanges => Set<VendorStaffChange>();

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        GuardAuditTrail();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        GuardAuditTrail();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    /// <summary>The certification audit trail and the staff history are append-only: entries are added, never changed or removed.</summary>
    private void GuardAuditTrail()
    {
        if (ChangeTracker.Entries<CertificationAuditEntry>().Any(e => e.State is EntityState.Modified or EntityState.Deleted))
        {
            throw new InvalidOperationException("The certification audit trail is append-only; entries cannot be changed or deleted.");
        }

        if (ChangeTracker.Entries<VendorStaffChange>().Any(e => e.State is EntityState.Modified or EntityState.Deleted))
        {
            throw new InvalidOperationException("The vendor staff history is append-only; entries cannot be changed or deleted.");
        }
    }

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
            e.Property(x => x.Street).HasMaxLength(VendorLimits.Street);
            e.Property(x => x.City).HasMaxLength(VendorLimits.City);
            e.Property(x => x.PostalCode).HasMaxLength(VendorLimits.PostalCode);
            e.Property(x => x.Country).HasMaxLength(VendorLimits.Country);
            e.Property(x => x.ContactEmail).HasMaxLength(VendorLimits.ContactEmail);
            e.Property(x => x.ContactPhone).HasMaxLength(VendorLimits.ContactPhone);
            e.Property(x => x.PaymentAccountId).HasMaxLength(VendorLimits.PaymentAccountId);
            e.Property(x => x.RegisteredByUserId).HasMaxLength(64);
            e.Property(x => x.RegistrationKey).HasMaxLength(Features.IdempotencyKeys.MaxLength);
            e.Property(x => x.RegistrationHash).HasMaxLength(64);
            // One vendor per caller and key (vendors registered without a key hold nulls, which never collide).
            e.HasIndex(x => new { x.RegisteredByUserId, x.RegistrationKey }).IsUnique();
            // Copies name, region and certificate end into the vendor's listings (CatalogSearchSql); declared so EF
            // does not use RETURNING (SQLite) / OUTPUT (SQL Server), which tables with triggers do not allow.
            e.ToTable(t => t.HasTrigger(CatalogSearchSql.VendorTrigger));
            e.HasMany(x => x.Staff).WithOne().HasForeignKey(s => s.VendorId);
            e.Property(x => x.CertificationVersion).IsConcurrencyToken();
            e.Property(x => x.StaffVersion).IsConcurrencyToken();
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
            e.Property(x => x.Category).HasMaxLength(40);
            e.Property(x => x.Unit).HasMaxLength(ListingRules.MaxUnitLength);
            e.Property(x => x.VendorName).HasMaxLength(200);
            e.Property(x => x.VendorRegion).HasMaxLength(100);
            e.HasOne<Vendor>().WithMany().HasForeignKey(x => x.VendorId);
            // Keep the full-text index in step (SQLite FTS5 triggers); see Vendors above for why it is declared.
            e.ToTable(t => t.HasTrigger(CatalogSearchSql.ListingTrigger));
            e.HasIndex(x => new { x.Status, x.CreatedAt });
            e.HasIndex(x => new { x.Status, x.PriceCents });
            e.HasIndex(x => x.VendorId);
            e.Property(x => x.Version).IsConcurrencyToken();
            e.Property(x => x.CreatedByUserId).HasMaxLength(64);
            e.Property(x => x.CreationKey).HasMaxLength(Features.IdempotencyKeys.MaxLength);
            e.Property(x => x.CreationHash).HasMaxLength(64);
            // One listing per caller and key (listings created without a key hold nulls, which never collide).
            e.HasIndex(x => new { x.CreatedByUserId, x.CreationKey }).IsUnique();
        });
        modelBuilder.Entity<StockReservation>(e =>
        {
            e.ToTable("StockReservations");
            e.HasKey(x => x.OrderId);
            e.Property(x => x.OrderId).ValueGeneratedNever();
            e.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
            e.HasMany(x => x.Lines).WithOne().HasForeignKey(l => l.OrderId);
        });
        modelBuilder.Entity<StockReservationLine>(e =>
        {
            e.ToTable("StockReservationLines");
            e.HasKey(x => new { x.OrderId, x.LineNumber });
            e.Property(x => x.RejectionReason).HasMaxLength(40);
            e.HasIndex(x => x.ListingId);
        });
        modelBuilder.Entity<CertificationApplication>(e =>
        {
            e.ToTable("CertificationApplications");
            e.HasKey(x => x.Id);
            e.Property(x => x.SubmittedBy).HasMaxLength(64);
            e.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
            e.Property(x => x.DecidedBy).HasMaxLength(64);
            e.Property(x => x.DecisionNotes).HasMaxLength(2000);
            e.HasOne<Vendor>().WithMany().HasForeignKey(x => x.VendorId);
            e.HasMany(x => x.Answers).WithOne().HasForeignKey(a => a.ApplicationId);
            e.HasIndex(x => new { x.VendorId, x.Status });
            e.HasIndex(x => new { x.Status, x.SubmittedAt });
        });
        modelBuilder.Entity<CertificationAnswer>(e =>
        {
            e.ToTable("CertificationAnswers");
            e.HasKey(x => new { x.ApplicationId, x.Criterion });
            e.Property(x => x.Criterion).HasConversion<string>().HasMaxLength(40);
            e.Property(x => x.Evidence).HasMaxLength(4000);
            e.PrimitiveCollection(x => x.Links);
        });
        modelBuilder.Entity<Certificate>(e =>
        {
            e.ToTable("Certificates");
            e.HasKey(x => x.Id);
            e.Property(x => x.IssuedBy).HasMaxLength(64);
            e.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
            e.Property(x => x.RevokedBy).HasMaxLength(64);
            e.Property(x => x.RevocationReason).HasMaxLength(2000);
            e.HasOne<Vendor>().WithMany().HasForeignKey(x => x.VendorId);
            // Restrict: SQL Server allows one cascade path per table (vendor -> certificates already is one).
            e.HasOne<CertificationApplication>().WithMany().HasForeignKey(x => x.ApplicationId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(x => new { x.VendorId, x.Status });
            e.HasIndex(x => new { x.Status, x.ValidUntil });
        });
        modelBuilder.Entity<CertificationAuditEntry>(e =>
        {
            e.ToTable("CertificationAudit");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).ValueGeneratedOnAdd();
            e.Property(x => x.ActorUserId).HasMaxLength(64);
            e.Property(x => x.Action).HasConversion<string>().HasMaxLength(30);
            e.Property(x => x.Notes).HasMaxLength(2000);
            // The audit trail is never deleted along with anything.
            e.HasOne<Vendor>().WithMany().HasForeignKey(x => x.VendorId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(x => new { x.VendorId, x.Id });
        });
        modelBuilder.Entity<VendorStaffChange>(e =>
        {
            e.ToTable("VendorStaffChanges");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).ValueGeneratedOnAdd();
            e.Property(x => x.ActorUserId).HasMaxLength(64);
            e.Property(x => x.Reason).HasMaxLength(Features.Staff.VendorStaffIds.MaxReasonLength);
            e.PrimitiveCollection(x => x.Added);
            e.PrimitiveCollection(x => x.Removed);
            // Kept when anything else goes, like the certification audit.
            e.HasOne<Vendor>().WithMany().HasForeignKey(x => x.VendorId).OnDelete(DeleteBehavior.Restrict);
            // One row per version: a second change can never claim the version a first one published.
            e.HasIndex(x => new { x.VendorId, x.StaffVersion }).IsUnique();
        });
    }
}
