using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SolidarityMarket.Ordering.Data;

// Table mappings of Ordering's own entities (applied from the assembly by OrderingDbContext). Enums are stored as
// text so the tables read well and values can be added without renumbering.

internal sealed class OrderConfiguration : IEntityTypeConfiguration<Order>
{
    public void Configure(EntityTypeBuilder<Order> e)
    {
        e.ToTable("Orders");
        e.HasKey(x => x.Id);
        e.Property(x => x.BuyerUserId).HasMaxLength(100);
        e.Property(x => x.PaymentMethod).HasConversion<string>().HasMaxLength(20);
        e.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
        e.Property(x => x.TransferId).HasMaxLength(100);
        e.Property(x => x.RefundId).HasMaxLength(100);
        e.Property(x => x.TransferReversalId).HasMaxLength(100);
        e.Property(x => x.SettlementProblem).HasMaxLength(OrderHistoryEntry.MaxReasonLength);
        e.Ignore(x => x.HoldId);
        e.HasIndex(x => x.CheckoutId);
        e.HasIndex(x => new { x.BuyerUserId, x.CreatedAt });
        e.HasIndex(x => new { x.VendorId, x.CreatedAt });
        e.HasIndex(x => new { x.Status, x.UpdatedAt });
        e.HasMany(x => x.Lines).WithOne().HasForeignKey(l => l.OrderId);
        e.HasMany(x => x.History).WithOne().HasForeignKey(h => h.OrderId);
    }
}

internal sealed class OrderLineConfiguration : IEntityTypeConfiguration<OrderLine>
{
    public void Configure(EntityTypeBuilder<OrderLine> e)
    {
        e.ToTable("OrderLines");
        e.HasKey(x => new { x.OrderId, x.LineNumber });
        e.Property(x => x.Title).HasMaxLength(200);
    }
}

internal sealed class OrderHistoryConfiguration : IEntityTypeConfiguration<OrderHistoryEntry>
{
    public void Configure(EntityTypeBuilder<OrderHistoryEntry> e)
    {
        e.ToTable("OrderHistory");
        e.HasKey(x => x.Id);
        e.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
        e.Property(x => x.Actor).HasMaxLength(100);
        e.Property(x => x.Reason).HasMaxLength(OrderHistoryEntry.MaxReasonLength);
    }
}

internal sealed class CheckoutConfiguration : IEntityTypeConfiguration<Checkout>
{
    public void Configure(EntityTypeBuilder<Checkout> e)
    {
        e.ToTable("Checkouts");
        e.HasKey(x => x.Id);
        e.Property(x => x.BuyerUserId).HasMaxLength(100);
        e.Property(x => x.IdempotencyKey).HasMaxLength(100);
        e.Property(x => x.RequestHash).HasMaxLength(64);
        e.Property(x => x.CardGateway).HasMaxLength(20);
        e.Property(x => x.CardPaymentId).HasMaxLength(100);
        e.Property(x => x.CardPaymentStatus).HasConversion<string>().HasMaxLength(30);
        e.Property(x => x.CardClientSecret).HasMaxLength(300);
        e.Property(x => x.CardChargeId).HasMaxLength(100);
        e.Property(x => x.CardFailureMessage).HasMaxLength(500);
        e.HasIndex(x => new { x.BuyerUserId, x.IdempotencyKey }).IsUnique();
        e.HasIndex(x => x.CardPaymentId);
    }
}

internal sealed class ListingCopyConfiguration : IEntityTypeConfiguration<ListingCopy>
{
    public void Configure(EntityTypeBuilder<ListingCopy> e)
    {
        e.ToTable("ListingCopies");
        e.HasKey(x => x.ListingId);
        e.Property(x => x.Title).HasMaxLength(200);
        e.Property(x => x.Status).HasMaxLength(20);
        e.Ignore(x => x.IsPublished);
        // Two snapshots handled at once must not let the older overwrite the newer: the loser retries and re-compares.
        e.Property(x => x.Version).IsConcurrencyToken();
    }
}

internal sealed class CartLineConfiguration : IEntityTypeConfiguration<CartLine>
{
    public void Configure(EntityTypeBuilder<CartLine> e)
    {
        e.ToTable("CartLines");
        e.HasKey(x => new { x.BuyerUserId, x.ListingId });
        e.Property(x => x.BuyerUserId).HasMaxLength(100);
    }
}

internal sealed class CreditAccountCopyConfiguration : IEntityTypeConfiguration<CreditAccountCopy>
{
    public void Configure(EntityTypeBuilder<CreditAccountCopy> e)
    {
        e.ToTable("CreditAccountCopies");
        e.HasKey(x => x.AccountId);
        e.Property(x => x.ExchangeId).HasMaxLength(40);
        e.HasIndex(x => x.OwnerId);
    }
}

internal sealed class SimulatedCardObjectConfiguration : IEntityTypeConfiguration<SimulatedCardObject>
{
    public void Configure(EntityTypeBuilder<SimulatedCardObject> e)
    {
        e.ToTable("SimulatedCardObjects");
        e.HasKey(x => x.Id);
        e.Property(x => x.Id).HasMaxLength(100);
        e.Property(x => x.Kind).HasMaxLength(20);
        e.Property(x => x.IdempotencyKey).HasMaxLength(200);
        e.Property(x => x.Status).HasMaxLength(40);
        e.Property(x => x.Reference).HasMaxLength(100);
        e.Property(x => x.ClientSecret).HasMaxLength(300);
        e.Property(x => x.FailureMessage).HasMaxLength(500);
        e.HasIndex(x => new { x.Kind, x.IdempotencyKey }).IsUnique();
    }
}
