namespace SolidarityMarket.Ordering.Payments.Stripe.Reconciliation;

/// <summary>
/// Compares one period of the platform's Stripe balance transactions with the movements Ordering expected in that
/// period, and lists every disagreement. Pure: no I/O, no clock; the daily job feeds it and reports the result.
/// Lines are matched to expectations by their source object id, and amounts by sign (money in: charges and transfer
/// reversals; money out: refunds and transfers). Payouts, Stripe's own fees and other platform-only lines are not
/// order movements and are skipped.
/// </summary>
public static class StripeReconciliation
{
    private static readonly HashSet<string> ChargeTypes = ["charge", "payment"];
    private static readonly HashSet<string> RefundTypes = ["refund", "payment_refund"];
    private static readonly HashSet<string> TransferTypes = ["transfer"];
    private static readonly HashSet<string> ReversalTypes = ["transfer_refund", "transfer_cancel"];

    // Money that came back or was taken outside the order flow: a dispute's withdrawal, a refund or transfer that failed.
    private static readonly HashSet<string> AttentionTypes = ["adjustment", "refund_failure", "transfer_failure"];

    public static IReadOnlyList<ReconciliationMismatch> Reconcile(IEnumerable<BalanceTransactionLine> lines, IEnumerable<ExpectedCardMovements> expected)
    {
        var mismatches = new List<ReconciliationMismatch>();
        var bySource = new Dictionary<(string Kind, string Source), List<BalanceTransactionLine>>();
        foreach (var line in lines)
        {
            var kind = KindOf(line.Type);
            if (kind is null)
            {
                continue;
            }

            if (kind == "adjustment")
            {
                mismatches.Add(new ReconciliationMismatch(MismatchKind.Adjustment, null, null, line.SourceId, null, line.AmountCents, line.Id,
                    $"{line.Type} of {line.AmountCents} cents (source {line.SourceId ?? "none"}): check the dispute, failure or correction."));
                continue;
            }

            var key = (kind, line.SourceId ?? "");
            if (!bySource.TryGetValue(key, out var list))
            {
                bySource[key] = list = [];
            }

            list.Add(line);
        }

        foreach (var checkout in expected)
        {
            if (checkout.ChargeId is not null)
            {
                Match(bySource, mismatches, "charge", checkout.CheckoutId, null, checkout.ChargeId, +checkout.ChargeCents,
                    MismatchKind.ChargeMissing, MismatchKind.ChargeAmountDiffers);
            }

            foreach (var refund in checkout.Refunds)
            {
                Match(bySource, mismatches, "refund", checkout.CheckoutId, refund.OrderId, refund.ProviderId, -refund.AmountCents,
                    MismatchKind.RefundMissing, MismatchKind.RefundAmountDiffers);
            }

            foreach (var transfer in checkout.Transfers)
            {
                Match(bySource, mismatches, "transfer", checkout.CheckoutId, transfer.OrderId, transfer.ProviderId, -transfer.AmountCents,
                    MismatchKind.TransferMissing, MismatchKind.TransferAmountDiffers);
            }

            foreach (var reversal in checkout.TransferReversals)
            {
                Match(bySource, mismatches, "reversal", checkout.CheckoutId, reversal.OrderId, reversal.ProviderId, +reversal.AmountCents,
                    MismatchKind.TransferReversalMissing, MismatchKind.TransferReversalAmountDiffers);
            }
        }

        // Whatever no expectation consumed is money that moved without an order to explain it.
        foreach (var line in bySource.Values.SelectMany(l => l).OrderBy(l => l.Created).ThenBy(l => l.Id, StringComparer.Ordinal))
        {
            mismatches.Add(new ReconciliationMismatch(MismatchKind.UnexpectedTransaction, null, null, line.SourceId, null, line.AmountCents, line.Id,
                $"{line.Type} of {line.AmountCents} cents from {line.SourceId ?? "no source"} matches no order."));
        }

        return mismatches;
    }

    private static void Match(
        Dictionary<(string Kind, string Source), List<BalanceTransactionLine>> bySource,
        List<ReconciliationMismatch> mismatches,
        string kind,
        Guid checkoutId,
        Guid? orderId,
        string providerId,
        long expectedCents,
        MismatchKind missing,
        MismatchKind differs)
    {
        if (!bySource.TryGetValue((kind, providerId), out var found) || found.Count == 0)
        {
            mismatches.Add(new ReconciliationMismatch(missing, checkoutId, orderId, providerId, expectedCents, null, null,
                $"Expected a {kind} of {expectedCents} cents from {providerId}; Stripe has none in the period."));
            return;
        }

        // Consume one line; a second line for the same object stays behind and is reported as unexpected.
        var line = found[0];
        found.RemoveAt(0);
        if (found.Count == 0)
        {
            bySource.Remove((kind, providerId));
        }

        if (line.AmountCents != expectedCents)
        {
            mismatches.Add(new ReconciliationMismatch(differs, checkoutId, orderId, providerId, expectedCents, line.AmountCents, line.Id,
                $"The {kind} from {providerId} moved {line.AmountCents} cents; the order expects {expectedCents}."));
        }
    }

    private static string? KindOf(string type) =>
        ChargeTypes.Contains(type) ? "charge"
        : RefundTypes.Contains(type) ? "refund"
        : TransferTypes.Contains(type) ? "transfer"
        : ReversalTypes.Contains(type) ? "reversal"
        : AttentionTypes.Contains(type) ? "adjustment"
        : null;
}
