using SolidarityMarket.Ordering.Payments;
using SolidarityMarket.Ordering.Payments.Stripe.Reconciliation;

namespace SolidarityMarket.Ordering.Jobs;

/// <summary>
/// The time-window rule of the daily reconciliation (pure). Ordering stamps a movement when it records it, the provider
/// when it books it, so the two can fall on either side of midnight (a charge booked at 23:59:59.9 whose success
/// Ordering handles at 00:00:00.2). A provider line belongs to the day it was booked, an expected movement to the day
/// Ordering recorded it; a line and a movement with the same provider id match when they are at most
/// <see cref="Margin"/> apart, whichever days they fall on. Both sides are read over the day widened by the margin; an
/// item of a neighbouring day is kept only to pair with one of this day's, and a mismatch is reported by the day that
/// owns it — so a pair split across midnight matches on both days, and a real gap is reported once.
/// </summary>
public static class ReconciliationWindow
{
    /// <summary>How far apart a movement and its provider line may be and still match.</summary>
    public static readonly TimeSpan Margin = TimeSpan.FromHours(1);

    public static IReadOnlyList<ReconciliationMismatch> Reconcile(
        DateTimeOffset from, DateTimeOffset to, IReadOnlyList<BalanceTransactionLine> lines, RecordedCardMovements recorded)
    {
        bool InDay(DateTimeOffset at) => at >= from && at < to;
        bool Near(DateTimeOffset a, DateTimeOffset b) => (a - b).Duration() <= Margin;
        var bySource = lines.Where(l => l.SourceId is not null).ToLookup(l => l.SourceId!, StringComparer.Ordinal);

        bool KeepLine(BalanceTransactionLine l) =>
            InDay(l.Created) || (l.SourceId is not null && recorded.RecordedAt.TryGetValue(l.SourceId, out var at) && InDay(at) && Near(at, l.Created));
        bool KeepMovement(string providerId) =>
            !recorded.RecordedAt.TryGetValue(providerId, out var at) || InDay(at) || bySource[providerId].Any(l => InDay(l.Created) && Near(at, l.Created));
        List<ExpectedMovement> Kept(IEnumerable<ExpectedMovement> movements) => movements.Where(m => KeepMovement(m.ProviderId)).ToList();

        var expected = recorded.Expected.Select(e => e with
        {
            ChargeId = e.ChargeId is { } charge && KeepMovement(charge) ? charge : null,
            Refunds = Kept(e.Refunds),
            Transfers = Kept(e.Transfers),
            TransferReversals = Kept(e.TransferReversals),
        }).ToList();
        var kept = lines.Where(KeepLine).ToList();
        var bookedAt = kept.GroupBy(l => l.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Created, StringComparer.Ordinal);

        // A neighbour's movement paired with one of this day's lines may still differ in amount: its own day reports that.
        bool Owned(ReconciliationMismatch m) =>
            m.Kind is MismatchKind.UnexpectedTransaction or MismatchKind.Adjustment
                ? m.TransactionId is null || !bookedAt.TryGetValue(m.TransactionId, out var booked) || InDay(booked)
                : m.ProviderId is null || !recorded.RecordedAt.TryGetValue(m.ProviderId, out var at) || InDay(at);
        return StripeReconciliation.Reconcile(kept, expected).Where(Owned).ToList();
    }
}
