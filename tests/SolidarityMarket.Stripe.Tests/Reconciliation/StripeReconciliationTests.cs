using SolidarityMarket.Ordering.Payments;
using SolidarityMarket.Ordering.Payments.Stripe.Reconciliation;

namespace SolidarityMarket.Stripe.Tests.Reconciliation;

public sealed class StripeReconciliationTests
{
    private static readonly DateTimeOffset Day = new(2026, 3, 2, 0, 0, 0, TimeSpan.Zero);
    private static readonly Guid Checkout = Guid.Parse("0195f0a0-0000-7000-8000-000000000001");
    private static readonly Guid OrderA = Guid.Parse("0195f0a0-0000-7000-8000-0000000000aa");
    private static readonly Guid OrderB = Guid.Parse("0195f0a0-0000-7000-8000-0000000000bb");

    /// <summary>A checkout of 100.00 for two co-ops: transfers of 45.00 and 40.00, then order B refunded 10.00 and its transfer reversed 8.00.</summary>
    private static ExpectedCardMovements Expected() => new(
        Checkout, "ch_1", 10_000,
        Refunds: [new ExpectedMovement(OrderB, "re_1", 1_000)],
        Transfers: [new ExpectedMovement(OrderA, "tr_a", 4_500), new ExpectedMovement(OrderB, "tr_b", 4_000)],
        TransferReversals: [new ExpectedMovement(OrderB, "trr_b", 800)]);

    private static List<BalanceTransactionLine> Lines() =>
    [
        new("txn_1", "charge", 10_000, 320, "ch_1", Day.AddHours(1)),
        new("txn_2", "transfer", -4_500, 0, "tr_a", Day.AddHours(2)),
        new("txn_3", "transfer", -4_000, 0, "tr_b", Day.AddHours(2)),
        new("txn_4", "refund", -1_000, 0, "re_1", Day.AddHours(3)),
        new("txn_5", "transfer_refund", 800, 0, "trr_b", Day.AddHours(3)),
    ];

    [Fact]
    public void Agreeing_records_have_no_mismatch() =>
        Assert.Empty(StripeReconciliation.Reconcile(Lines(), [Expected()]));

    [Fact]
    public void Payouts_fees_and_other_platform_lines_are_not_order_movements()
    {
        var lines = Lines();
        lines.Add(new("txn_6", "payout", -5_000, 0, "po_1", Day.AddHours(20)));
        lines.Add(new("txn_7", "stripe_fee", -100, 0, null, Day.AddHours(21)));

        Assert.Empty(StripeReconciliation.Reconcile(lines, [Expected()]));
    }

    [Fact]
    public void A_charge_Stripe_does_not_have_is_missing()
    {
        var mismatch = Assert.Single(StripeReconciliation.Reconcile(Lines().Where(l => l.Id != "txn_1"), [Expected()]));

        Assert.Equal(MismatchKind.ChargeMissing, mismatch.Kind);
        Assert.Equal((Checkout, "ch_1", 10_000L), (mismatch.CheckoutId!.Value, mismatch.ProviderId, mismatch.ExpectedCents!.Value));
    }

    [Fact]
    public void A_charge_of_another_amount_differs()
    {
        var lines = Lines();
        lines[0] = lines[0] with { AmountCents = 9_999 };

        var mismatch = Assert.Single(StripeReconciliation.Reconcile(lines, [Expected()]));

        Assert.Equal(MismatchKind.ChargeAmountDiffers, mismatch.Kind);
        Assert.Equal((10_000L, 9_999L, "txn_1"), (mismatch.ExpectedCents!.Value, mismatch.ActualCents!.Value, mismatch.TransactionId));
    }

    [Fact]
    public void A_transfer_that_was_never_made_is_missing_for_its_order()
    {
        var mismatch = Assert.Single(StripeReconciliation.Reconcile(Lines().Where(l => l.SourceId != "tr_b"), [Expected()]));

        Assert.Equal(MismatchKind.TransferMissing, mismatch.Kind);
        Assert.Equal(OrderB, mismatch.OrderId);
        Assert.Equal(-4_000, mismatch.ExpectedCents);
    }

    [Fact]
    public void A_transfer_of_another_amount_differs()
    {
        var lines = Lines();
        lines[1] = lines[1] with { AmountCents = -5_000 };

        var mismatch = Assert.Single(StripeReconciliation.Reconcile(lines, [Expected()]));

        Assert.Equal((MismatchKind.TransferAmountDiffers, OrderA), (mismatch.Kind, mismatch.OrderId!.Value));
    }

    [Fact]
    public void Missing_refund_and_missing_reversal_are_each_reported()
    {
        var mismatches = StripeReconciliation.Reconcile(Lines().Where(l => l.Type is not ("refund" or "transfer_refund")), [Expected()]);

        Assert.Equal([MismatchKind.RefundMissing, MismatchKind.TransferReversalMissing], mismatches.Select(m => m.Kind));
        Assert.All(mismatches, m => Assert.Equal(OrderB, m.OrderId));
    }

    [Fact]
    public void A_refund_or_reversal_of_another_amount_differs()
    {
        var lines = Lines();
        lines[3] = lines[3] with { AmountCents = -1_500 };
        lines[4] = lines[4] with { AmountCents = 900 };

        var mismatches = StripeReconciliation.Reconcile(lines, [Expected()]);

        Assert.Equal([MismatchKind.RefundAmountDiffers, MismatchKind.TransferReversalAmountDiffers], mismatches.Select(m => m.Kind));
    }

    [Fact]
    public void Money_no_order_explains_is_unexpected_including_a_second_line_for_the_same_charge()
    {
        var lines = Lines();
        lines.Add(new("txn_8", "charge", 2_000, 88, "ch_stranger", Day.AddHours(5)));
        lines.Add(new("txn_9", "charge", 10_000, 320, "ch_1", Day.AddHours(6)));

        var mismatches = StripeReconciliation.Reconcile(lines, [Expected()]);

        Assert.Equal(["txn_8", "txn_9"], mismatches.Select(m => m.TransactionId));
        Assert.All(mismatches, m => Assert.Equal(MismatchKind.UnexpectedTransaction, m.Kind));
    }

    [Theory]
    [InlineData("adjustment", "dp_1", -10_000)]
    [InlineData("refund_failure", "re_1", 1_000)]
    [InlineData("transfer_failure", "tr_x", 4_000)]
    public void A_dispute_withdrawal_or_a_failed_refund_or_transfer_is_always_reported(string type, string source, long amount)
    {
        var lines = Lines();
        lines.Add(new("txn_10", type, amount, 0, source, Day.AddHours(7)));

        var mismatch = Assert.Single(StripeReconciliation.Reconcile(lines, [Expected()]));

        Assert.Equal((MismatchKind.Adjustment, source, amount), (mismatch.Kind, mismatch.ProviderId, mismatch.ActualCents!.Value));
    }

    [Fact]
    public void A_checkout_not_charged_in_the_period_expects_no_charge()
    {
        var later = Expected() with { ChargeId = null, Transfers = [], Refunds = [], TransferReversals = [] };

        Assert.Empty(StripeReconciliation.Reconcile([], [later]));
    }
}
