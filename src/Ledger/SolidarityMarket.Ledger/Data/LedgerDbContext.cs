using SolidarityMarket.ServiceDefaults.Messaging;

namespace SolidarityMarket.Ledger.Data;

/// <summary>The barter ledger's data: accounts and their holders, plus its outbox and inbox.</summary>
public class LedgerDbContext(DbContextOptions options) : ServiceDbContext(options)
{
    public const string SchemaName = "ledger";

    public override string Schema => SchemaName;

    public DbSet<Account> Accounts => Set<Account>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.Entity<Account>(e =>
        {
            e.HasKey(x => x.Id);
            e.Property(x => x.Kind).HasConversion<string>().HasMaxLength(20);
            e.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
            e.Property(x => x.ExchangeId).HasMaxLength(40);
            e.Property(x => x.Name).HasMaxLength(200);
            // One member account per owner and exchange: a re-delivered registration can never open a second one.
            e.HasIndex(x => new { x.OwnerId, x.ExchangeId, x.Kind }).IsUnique();
            e.HasMany(x => x.Holders).WithOne().HasForeignKey(h => h.AccountId);
        });
        modelBuilder.Entity<AccountHolder>(e =>
        {
            e.HasKey(x => new { x.AccountId, x.UserId });
            e.Property(x => x.UserId).HasMaxLength(64);
            e.HasIndex(x => x.UserId);
        });
    }
}
