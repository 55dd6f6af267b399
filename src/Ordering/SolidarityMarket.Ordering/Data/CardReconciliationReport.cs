using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SolidarityMarket.Ordering.Data;

/// <summary>
/// The outcome of reconciling one UTC day of the card provider's balance transactions with Ordering's records
/// (see <c>Jobs/ReconcileCardPayments</c>). One row per period: a re-run replaces the previous outcome.
/// </summary>
public sealed class CardReconciliationReport
{
    public Guid Id { get; set; }

    /// <summary>Start of the day reconciled (inclusive, UTC midnight); unique.</summary>
    public DateTimeOffset PeriodStart { get; set; }

    /// <summary>End of the day reconciled (exclusive).</summary>
    public DateTimeOffset PeriodEnd { get; set; }

    public DateTimeOffset RanAt { get; set; }

    /// <summary><c>stripe</c> or <c>simulated</c>.</summary>
    public string Gateway { get; set; } = "";

    /// <summary>Balance transactions the provider lists in the period.</summary>
    public int TransactionCount { get; set; }

    /// <summary>Charges, transfers, refunds and reversals Ordering recorded in the period.</summary>
    public int ExpectedCount { get; set; }

    public int MismatchCount { get; set; }

    /// <summary>The mismatches as a JSON array (kind, checkout, order, provider ids, expected and actual cents, detail).</summary>
    public string Mismatches { get; set; } = "[]";
}

internal sealed class CardReconciliationReportConfiguration : IEntityTypeConfiguration<CardReconciliationReport>
{
    public void Configure(EntityTypeBuilder<CardReconciliationReport> e)
    {
        e.ToTable("CardReconciliationReports");
        e.HasKey(x => x.Id);
        e.Property(x => x.Gateway).HasMaxLength(20);
        e.HasIndex(x => x.PeriodStart).IsUnique();
    }
}
