using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Logging;
using SolidarityMarket.Ordering.Data;
using SolidarityMarket.Ordering.Payments;
using SolidarityMarket.Ordering.Payments.Stripe.Reconciliation;

namespace SolidarityMarket.Ordering.Jobs;

/// <summary>
/// Daily at 02:00 UTC (Hangfire, "ordering" queue): reconciles the previous UTC day of the card provider's balance
/// transactions with what Ordering recorded (<see cref="RecordedCardMovements"/>), stores one
/// <see cref="CardReconciliationReport"/> per day (a re-run replaces it) and logs a warning per mismatch.
/// The time-window rule (a movement recorded just after midnight, booked by the provider just before) is
/// <see cref="ReconciliationWindow"/>'s.
/// </summary>
public sealed class ReconcileCardPayments(OrderingDbContext db, ICardPaymentGateway gateway, TimeProvider time, ILogger<ReconcileCardPayments> logger)
{
    public const string JobId = "ordering-reconcile-card-payments";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    /// <summary>The scheduled run: yesterday (UTC) by the injected clock. Returns the number of mismatches.</summary>
    public async Task<int> RunAsync(CancellationToken ct) =>
        (await RunDayAsync(DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime).AddDays(-1), ct)).MismatchCount;

    public async Task<CardReconciliationReport> RunDayAsync(DateOnly day, CancellationToken ct)
    {
        var from = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var to = from.AddDays(1);
        bool InDay(DateTimeOffset at) => at >= from && at < to;

        var lines = new List<BalanceTransactionLine>();
        await foreach (var line in gateway.ListBalanceTransactionsAsync(from - ReconciliationWindow.Margin, to + ReconciliationWindow.Margin, ct))
        {
            lines.Add(line);
        }

        var recorded = await RecordedCardMovements.LoadAsync(db, from - ReconciliationWindow.Margin, to + ReconciliationWindow.Margin, ct);
        var mismatches = ReconciliationWindow.Reconcile(from, to, lines, recorded);
        foreach (var m in mismatches)
        {
            logger.LogWarning("Card reconciliation {Day}: {Kind} checkout {CheckoutId} order {OrderId} ({ProviderId}): {Detail}",
                day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), m.Kind, m.CheckoutId, m.OrderId, m.ProviderId, m.Detail);
        }

        var report = await SaveAsync(from, to, r =>
        {
            r.RanAt = time.GetUtcNow();
            r.Gateway = gateway.Name;
            r.TransactionCount = lines.Count(l => InDay(l.Created));
            r.ExpectedCount = recorded.RecordedAt.Values.Count(InDay);
            r.MismatchCount = mismatches.Count;
            r.Mismatches = JsonSerializer.Serialize(mismatches, Json);
        }, ct);
        logger.LogInformation("Card reconciliation {Day}: {Lines} provider lines, {Expected} recorded movements, {Mismatches} mismatches",
            day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), report.TransactionCount, report.ExpectedCount, report.MismatchCount);
        return report;
    }

    /// <summary>One report per period: updates the existing row; a concurrent first run (unique index) is retried as an update.</summary>
    private async Task<CardReconciliationReport> SaveAsync(DateTimeOffset from, DateTimeOffset to, Action<CardReconciliationReport> fill, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            db.ChangeTracker.Clear();
            var report = await db.CardReconciliationReports.FirstOrDefaultAsync(r => r.PeriodStart == from, ct);
            if (report is null)
            {
                report = new CardReconciliationReport { Id = Guid.CreateVersion7(time.GetUtcNow()), PeriodStart = from, PeriodEnd = to };
                db.CardReconciliationReports.Add(report);
            }

            fill(report);
            try
            {
                await db.SaveChangesAsync(ct);
                return report;
            }
            catch (DbUpdateException) when (attempt < 3)
            {
                logger.LogInformation("Card reconciliation report for {From} was written concurrently; re-reading", from);
            }
        }
    }
}
