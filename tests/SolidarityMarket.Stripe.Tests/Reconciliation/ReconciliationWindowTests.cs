using SolidarityMarket.Ordering.Jobs;
using SolidarityMarket.Ordering.Payments;
using SolidarityMarket.Ordering.Payments.Stripe.Reconciliation;

namespace SolidarityMarket.Stripe.Tests.Reconciliation;

/// <summary>
/// The daily job's time-window rule (pure): a provider line and a recorded movement with the same id match when at most
/// an hour apart, whichever side of midnight each is on, and each mismatch is reported by the one day that owns it.
/// </summary>
public sealed class ReconciliationWindowTests
{
    private static readonly DateTimeOffset Day = new(2026, 11, 27, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset NextDay = Day.AddDays(1);
    private static readonly Guid Checkout = Guid.NewGuid();

    private static BalanceTransactionLine Charge(long cents, DateTimeOffset booked) => new("txn_1", "charge", cents, 30, "ch_1", booked);

    private static RecordedCardMovements Recorded(DateTimeOffset at, long cents = 5_000) =>
        new([new ExpectedCardMovements(Checkout, "ch_1", cents, [], [], [])], new Dictionary<string, DateTimeOffset> { ["ch_1"] = at });

    private static IReadOnlyList<ReconciliationMismatch> Run(DateTimeOffset from, IReadOnlyList<BalanceTransactionLine> lines, RecordedCardMovements recorded) =>
        ReconciliationWindow.Reconcile(from, from.AddDays(1), lines, recorded);

    [Fact]
    public void A_charge_booked_before_midnight_and_recorded_just_after_matches_on_both_days()
    {
        var lines = new[] { Charge(5_000, NextDay.AddMilliseconds(-100)) };
        var recorded = Recorded(NextDay.AddMilliseconds(200));

        Assert.Empty(Run(Day, lines, recorded));
        Assert.Empty(Run(NextDay, lines, recorded));
    }

    [Fact]
    public void Recorded_beyond_the_margin_each_day_reports_its_own_side_once()
    {
        var lines = new[] { Charge(5_000, NextDay.AddMilliseconds(-100)) };

        // The day before cannot see a movement recorded two hours after midnight (outside its widened window).
        var dayBefore = Run(Day, lines, new RecordedCardMovements([], new Dictionary<string, DateTimeOffset>()));
        var dayAfter = Run(NextDay, lines, Recorded(NextDay.AddHours(2)));

        Assert.Equal(MismatchKind.UnexpectedTransaction, Assert.Single(dayBefore).Kind);
        Assert.Equal(MismatchKind.ChargeMissing, Assert.Single(dayAfter).Kind);
    }

    [Fact]
    public void A_split_pair_whose_amounts_differ_is_reported_by_the_day_ordering_recorded_it_only()
    {
        var lines = new[] { Charge(4_900, NextDay.AddMilliseconds(-100)) };
        var recorded = Recorded(NextDay.AddMilliseconds(200));

        Assert.Empty(Run(Day, lines, recorded));
        var differs = Assert.Single(Run(NextDay, lines, recorded));
        Assert.Equal((MismatchKind.ChargeAmountDiffers, 5_000L, 4_900L), (differs.Kind, differs.ExpectedCents!.Value, differs.ActualCents!.Value));
    }

    [Fact]
    public void A_neighbouring_days_unmatched_line_in_the_margin_is_left_to_that_day()
    {
        var lines = new[] { Charge(5_000, Day.AddMinutes(-10)) };
        var nothing = new RecordedCardMovements([], new Dictionary<string, DateTimeOffset>());

        Assert.Empty(Run(Day, lines, nothing));
        Assert.Equal(MismatchKind.UnexpectedTransaction, Assert.Single(Run(Day.AddDays(-1), lines, nothing)).Kind);
    }
}
