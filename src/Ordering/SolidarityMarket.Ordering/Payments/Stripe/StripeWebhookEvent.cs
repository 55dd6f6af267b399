using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SolidarityMarket.Ordering.Payments.Stripe;

/// <summary>
/// A Stripe event Ordering has acted on. Written only after the handler succeeded; a redelivery (Stripe retries,
/// replays, concurrent deliveries) finds it and does nothing. Its primary key is Stripe's event id.
/// </summary>
public sealed class StripeWebhookEvent
{
    public const int MaxIdLength = 255;

    /// <summary>Stripe's event id (<c>evt_...</c>).</summary>
    public string EventId { get; set; } = "";

    public string Type { get; set; } = "";

    /// <summary>When Stripe created the event.</summary>
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When Ordering finished acting on it (kept for operators and a future clean-up of old rows).</summary>
    public DateTimeOffset ProcessedAt { get; set; }
}

/// <summary>Picked up by Ordering's context (ApplyConfigurationsFromAssembly).</summary>
public sealed class StripeWebhookEventConfiguration : IEntityTypeConfiguration<StripeWebhookEvent>
{
    public void Configure(EntityTypeBuilder<StripeWebhookEvent> builder)
    {
        builder.ToTable("StripeWebhookEvents");
        builder.HasKey(x => x.EventId);
        builder.Property(x => x.EventId).HasMaxLength(StripeWebhookEvent.MaxIdLength);
        builder.Property(x => x.Type).HasMaxLength(100);
        builder.HasIndex(x => x.ProcessedAt);
    }
}
