using System.Text.Json;
using SolidarityMarket.Ordering.Data;

namespace SolidarityMarket.Ordering.Features.Reconciliations;

/// <summary>A card reconciliation report as the admin endpoints show it; the mismatches as stored (a JSON array).</summary>
public sealed record ReconciliationReportDto(
    DateOnly Date, DateTimeOffset PeriodStart, DateTimeOffset PeriodEnd, DateTimeOffset RanAt, string Gateway,
    int TransactionCount, int ExpectedCount, int MismatchCount, JsonElement Mismatches)
{
    public static ReconciliationReportDto From(CardReconciliationReport r) => new(
        DateOnly.FromDateTime(r.PeriodStart.UtcDateTime), r.PeriodStart, r.PeriodEnd, r.RanAt, r.Gateway,
        r.TransactionCount, r.ExpectedCount, r.MismatchCount, JsonDocument.Parse(r.Mismatches).RootElement.Clone());
}
