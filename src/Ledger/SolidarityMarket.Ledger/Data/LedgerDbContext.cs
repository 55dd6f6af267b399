using SolidarityMarket.ServiceDefaults.Messaging;

namespace SolidarityMarket.Ledger.Data;

/// <summary>The barter ledger's data: exchanges, accounts, transfers, the journal, limit and state audit; outbox and inbox.</summary>
public class LedgerDbContext(DbContextOptions options) : ServiceDbContext(options)
{
    public const string SchemaName = "ledger";

    public override string Schema => SchemaName;

    public DbSet<Exchange> Exchanges => Set<Exchange>();

    public DbSet<Account> Accounts => Set<Account>();

    public DbSet<TransferRecord> Transfers => Set<TransferRecord>();

    public DbSet<JournalEntryRecord> Journal => Set<JournalEntryRecord>();

    public DbSet<LimitChange> LimitChanges => Set<LimitChange>();

    public DbSet<AccountStatusChange> AccountStatusChanges => Set<AccountStatusChange>();

    public DbSet<PaymentRequest> PaymentRequests => Set<PaymentRequest>();

    public DbSet<ClearingRun> ClearingRuns => Set<ClearingRun>();

    public DbSet<SettlementRun> SettlementRuns => Set<SettlementRun>();

    public DbSet<PeriodCloseRun> PeriodCloseRuns => Set<PeriodCloseRun>();

    public DbSet<VendorStaffCopy> VendorStaff => Set<VendorStaffCopy>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.Entity<Exchange>(e =>
        {
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasMaxLength(64);
            e.Property(x => x.Name).HasMaxLength(100);
            e.Property(x => x.Unit).HasMaxLength(40);
            e.Property(x => x.LastHash).HasMaxLength(32);
        });
        modelBuilder.Entity<Account>(e =>
        {
            e.HasKey(x => x.Id);
            e.Property(x => x.Kind).HasConversion<string>().HasMaxLength(20);
            e.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
            e.Property(x => x.ExchangeId).HasMaxLength(64);
            e.Property(x => x.Name).HasMaxLength(200);
            e.Property(x => x.Version).IsConcurrencyToken();
            // One account per owner, exchange and kind: a re-delivered registration can never open a second one.
            e.HasIndex(x => new { x.OwnerId, x.ExchangeId, x.Kind }).IsUnique();
            e.HasOne<Exchange>().WithMany().HasForeignKey(x => x.ExchangeId);
            e.HasMany(x => x.Holders).WithOne().HasForeignKey(h => h.AccountId);
        });
        modelBuilder.Entity<AccountHolder>(e =>
        {
            e.HasKey(x => new { x.AccountId, x.UserId });
            e.Property(x => x.UserId).HasMaxLength(AccountHolder.MaxUserIdLength);
            e.HasIndex(x => x.UserId);
        });
        modelBuilder.Entity<VendorStaffCopy>(e =>
        {
            e.ToTable("VendorStaff");
            e.HasKey(x => x.VendorId);
            e.Property(x => x.VendorId).ValueGeneratedNever();
            e.Property(x => x.StaffVersion).IsConcurrencyToken();
            e.PrimitiveCollection(x => x.UserIds);
        });
        modelBuilder.Entity<TransferRecord>(e =>
        {
            e.ToTable("Transfers");
            e.HasKey(x => x.Id);
            e.Property(x => x.Kind).HasConversion<string>().HasMaxLength(20);
            e.Property(x => x.Code).HasConversion<string>().HasMaxLength(20);
            e.Property(x => x.RequestCode).HasConversion<string>().HasMaxLength(20);
            e.Property(x => x.HoldStatus).HasConversion<string>().HasMaxLength(20);
            e.Property(x => x.Memo).HasMaxLength(500);
            e.Property(x => x.OrderReference).HasMaxLength(100);
            e.Property(x => x.RequestOrderReference).HasMaxLength(100);
            e.Property(x => x.ExchangeId).HasMaxLength(64);
            // Only indexes something queries: every one costs the writer a b-tree insert per transfer, and on a
            // random key one more dirty page per transfer in each commit (docs/adr/0010). Statements read the
            // journal's per-account indexes, not the transfers'; no query looks transfers up by order reference.
            e.HasIndex(x => new { x.HoldStatus, x.ExpiresAt }); // the expiry job's due holds
            e.HasIndex(x => x.TradeId); // the legs of a trade (settling and reversing holds)
            e.Property(x => x.TradeRole).HasConversion<string>().HasMaxLength(20);
        });
        modelBuilder.Entity<JournalEntryRecord>(e =>
        {
            e.ToTable("JournalEntries");
            e.HasKey(x => new { x.ExchangeId, x.Sequence });
            e.Property(x => x.ExchangeId).HasMaxLength(64);
            e.Property(x => x.Kind).HasConversion<string>().HasMaxLength(20);
            e.Property(x => x.Code).HasConversion<string>().HasMaxLength(20);
            e.Property(x => x.Memo).HasMaxLength(500);
            e.Property(x => x.OrderReference).HasMaxLength(100);
            e.Property(x => x.PreviousHash).HasMaxLength(32);
            e.Property(x => x.Hash).HasMaxLength(32);
            // No index on TransferId: nothing looks an entry up by it, and "one entry per transfer" already holds
            // without one — every entry is written with the new transfer row it names, whose primary key refuses a
            // second insert, and verify reports a duplicate or orphan entry. As a unique index on a random client
            // GUID it cost one more dirty page per transfer in every commit (docs/adr/0011-ledger-journal-without-transfer-index.md).
            e.HasIndex(x => new { x.DebitAccountId, x.PostedAt });
            e.HasIndex(x => new { x.CreditAccountId, x.PostedAt });
        });
        modelBuilder.Entity<LimitChange>(e =>
        {
            e.HasKey(x => x.Id);
            e.Property(x => x.ChangedBy).HasMaxLength(64);
            e.Property(x => x.Reason).HasMaxLength(500);
            e.HasIndex(x => new { x.AccountId, x.ChangedAt });
        });
        modelBuilder.Entity<AccountStatusChange>(e =>
        {
            e.HasKey(x => x.Id);
            e.Property(x => x.PreviousStatus).HasConversion<string>().HasMaxLength(20);
            e.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
            e.Property(x => x.ChangedBy).HasMaxLength(64);
            e.Property(x => x.Reason).HasMaxLength(AccountStatusChange.MaxReasonLength);
            // An account's history in order, and at most one row per account version (one per change).
            e.HasIndex(x => new { x.AccountId, x.AccountVersion }).IsUnique();
            e.HasOne<Account>().WithMany().HasForeignKey(x => x.AccountId).OnDelete(DeleteBehavior.Restrict);
        });
        modelBuilder.Entity<PaymentRequest>(e =>
        {
            e.ToTable("PaymentRequests");
            e.HasKey(x => x.Id);
            e.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
            e.Property(x => x.Memo).HasMaxLength(PaymentRequest.MaxMemoLength);
            e.Property(x => x.CreatedBy).HasMaxLength(64);
            e.Property(x => x.AcceptedBy).HasMaxLength(64);
            e.Property(x => x.PaidBy).HasMaxLength(64);
            e.Property(x => x.ClosedBy).HasMaxLength(64);
            e.Property(x => x.CloseReason).HasMaxLength(PaymentRequest.MaxReasonLength);
            e.Property(x => x.Version).IsConcurrencyToken();
            e.Ignore(x => x.PaymentInProgress);
            e.Ignore(x => x.Outstanding);
            e.HasIndex(x => new { x.PayerAccountId, x.Status });
            e.HasIndex(x => new { x.PayeeAccountId, x.Status });
            e.HasIndex(x => new { x.Status, x.DueDate });
            e.HasOne<Account>().WithMany().HasForeignKey(x => x.PayerAccountId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Account>().WithMany().HasForeignKey(x => x.PayeeAccountId).OnDelete(DeleteBehavior.Restrict);
        });
        modelBuilder.Entity<ClearingRun>(e =>
        {
            MapRun(e, "ClearingRuns");
            e.Property(x => x.ExchangeId).HasMaxLength(64);
            e.Ignore(x => x.TotalAfter);
            e.HasIndex(x => new { x.ExchangeId, x.PreviewedAt });
            e.HasOne<Exchange>().WithMany().HasForeignKey(x => x.ExchangeId).OnDelete(DeleteBehavior.Restrict);
            e.HasMany(x => x.Lines).WithOne().HasForeignKey(l => l.RunId);
            e.HasMany(x => x.Accounts).WithOne().HasForeignKey(a => a.RunId);
        });
        modelBuilder.Entity<ClearingRunLine>(e =>
        {
            e.ToTable("ClearingRunLines");
            e.HasKey(x => new { x.RunId, x.RequestId });
            e.HasOne<PaymentRequest>().WithMany().HasForeignKey(x => x.RequestId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(x => x.RequestId); // a request's clearing history
        });
        modelBuilder.Entity<ClearingRunAccount>(e =>
        {
            e.ToTable("ClearingRunAccounts");
            e.HasKey(x => new { x.RunId, x.AccountId });
            e.HasOne<Account>().WithMany().HasForeignKey(x => x.AccountId).OnDelete(DeleteBehavior.Restrict);
        });
        modelBuilder.Entity<SettlementRun>(e =>
        {
            MapRun(e, "SettlementRuns");
            e.Property(x => x.Reference).HasMaxLength(SettlementRun.MaxReferenceLength);
            e.Property(x => x.PostClaimedBy).HasMaxLength(64);
            e.HasIndex(x => x.PreviewedAt);
            e.HasMany(x => x.Transfers).WithOne().HasForeignKey(t => t.RunId);
            e.HasMany(x => x.Positions).WithOne().HasForeignKey(p => p.RunId);
        });
        modelBuilder.Entity<SettlementRunTransfer>(e =>
        {
            e.ToTable("SettlementRunTransfers");
            e.HasKey(x => new { x.RunId, x.Index });
            e.Property(x => x.FromExchangeId).HasMaxLength(64);
            e.Property(x => x.ToExchangeId).HasMaxLength(64);
        });
        modelBuilder.Entity<SettlementRunPosition>(e =>
        {
            e.ToTable("SettlementRunPositions");
            e.HasKey(x => new { x.RunId, x.ExchangeId });
            e.Property(x => x.ExchangeId).HasMaxLength(64);
            e.HasOne<Exchange>().WithMany().HasForeignKey(x => x.ExchangeId).OnDelete(DeleteBehavior.Restrict);
        });
        MapPeriodCloses(modelBuilder);
    }

    private static void MapPeriodCloses(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<PeriodCloseRun>(e =>
        {
            MapRun(e, "PeriodCloseRuns");
            e.Property(x => x.ExchangeId).HasMaxLength(64);
            e.Property(x => x.PostClaimedBy).HasMaxLength(64);
            e.HasIndex(x => new { x.ExchangeId, x.PeriodStart });
            e.HasIndex(x => x.PreviewedAt);
            e.HasOne<Exchange>().WithMany().HasForeignKey(x => x.ExchangeId).OnDelete(DeleteBehavior.Restrict);
            e.HasMany(x => x.Items).WithOne().HasForeignKey(i => i.RunId);
        });
        modelBuilder.Entity<PeriodCloseRunItem>(e =>
        {
            e.ToTable("PeriodCloseRunItems");
            e.HasKey(x => new { x.RunId, x.Index });
            e.Property(x => x.Kind).HasConversion<string>().HasMaxLength(20);
            e.Property(x => x.Outcome).HasConversion<string>().HasMaxLength(20);
            e.Property(x => x.Reason).HasMaxLength(PeriodCloseRunItem.MaxReasonLength);
            e.Property(x => x.OutcomeDetail).HasMaxLength(PeriodCloseRunItem.MaxOutcomeDetailLength);
            e.HasOne<Account>().WithMany().HasForeignKey(x => x.AccountId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(x => x.AccountId); // an account's period-close history
        });
    }

    /// <summary>The columns every administrators' run has (<see cref="AdminRun"/>), in its own table.</summary>
    private static void MapRun<TRun>(Microsoft.EntityFrameworkCore.Metadata.Builders.EntityTypeBuilder<TRun> e, string table)
        where TRun : AdminRun
    {
        e.ToTable(table);
        e.HasKey(x => x.Id);
        e.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
        e.Property(x => x.PreviewedBy).HasMaxLength(64);
        e.Property(x => x.ApprovedBy).HasMaxLength(64);
        e.Property(x => x.PostedBy).HasMaxLength(64);
        e.Property(x => x.AbandonedBy).HasMaxLength(64);
        e.Property(x => x.AbandonReason).HasMaxLength(AdminRun.MaxReasonLength);
        e.Property(x => x.Version).IsConcurrencyToken();
    }
}
