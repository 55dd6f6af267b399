using SolidarityMarket.Ordering.Data;
using SolidarityMarket.Ordering.Orders;
using SolidarityMarket.Ordering.Payments.Stripe.Reconciliation;

namespace SolidarityMarket.Ordering.Jobs;

/// <summary>
/// What Ordering recorded moving through the card provider in [from, to): charges (Checkout.CardChargedAt, amount
/// CardAmountReceivedCents, or CardAmountCents for a charge recorded before the amount received was kept),
/// transfers (Order.TransferredAt, amount Total − PlatformFeeCents), refunds (Order.RefundedAt, amount Total) and the
/// reversal made with each refund (same time, same amount as the transfer). <see cref="RecordedAt"/> tells, per
/// provider id, when Ordering recorded it, so the job can tell which day owns a mismatch.
/// </summary>
public sealed record RecordedCardMovements(IReadOnlyList<ExpectedCardMovements> Expected, IReadOnlyDictionary<string, DateTimeOffset> RecordedAt)
{
    public static async Task<RecordedCardMovements> LoadAsync(OrderingDbContext db, DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        var charged = await db.Checkouts.AsNoTracking()
            .Where(c => c.CardChargedAt >= from && c.CardChargedAt < to && c.CardChargeId != null)
            .Select(c => new { c.Id, c.CardChargeId, Charged = c.CardAmountReceivedCents ?? c.CardAmountCents, c.CardChargedAt }).ToListAsync(ct);
        var orders = await db.Orders.AsNoTracking()
            .Where(o => o.PaymentMethod == PaymentMethod.Card
                && ((o.TransferredAt >= from && o.TransferredAt < to && o.TransferId != null) || (o.RefundedAt >= from && o.RefundedAt < to && o.RefundId != null)))
            .ToListAsync(ct);

        var recordedAt = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        var transfers = new List<(Guid Checkout, ExpectedMovement Movement)>();
        var refunds = new List<(Guid Checkout, ExpectedMovement Movement)>();
        var reversals = new List<(Guid Checkout, ExpectedMovement Movement)>();
        foreach (var o in orders)
        {
            var transferCents = o.Total - (o.PlatformFeeCents ?? 0);
            if (o.TransferredAt is { } transferredAt && transferredAt >= from && transferredAt < to && o.TransferId is { } transferId)
            {
                transfers.Add((o.CheckoutId, new ExpectedMovement(o.Id, transferId, transferCents)));
                recordedAt[transferId] = transferredAt;
            }

            if (o.RefundedAt is { } refundedAt && refundedAt >= from && refundedAt < to && o.RefundId is { } refundId)
            {
                refunds.Add((o.CheckoutId, new ExpectedMovement(o.Id, refundId, o.Total)));
                recordedAt[refundId] = refundedAt;
                if (o.TransferReversalId is { } reversalId)
                {
                    reversals.Add((o.CheckoutId, new ExpectedMovement(o.Id, reversalId, transferCents)));
                    recordedAt[reversalId] = refundedAt;
                }
            }
        }

        foreach (var c in charged)
        {
            recordedAt[c.CardChargeId!] = c.CardChargedAt!.Value;
        }

        var checkoutIds = charged.Select(c => c.Id).Concat(orders.Select(o => o.CheckoutId)).Distinct();
        var expected = checkoutIds.Select(id =>
        {
            var charge = charged.FirstOrDefault(c => c.Id == id);
            return new ExpectedCardMovements(
                id,
                charge?.CardChargeId,
                charge?.Charged ?? 0,
                refunds.Where(r => r.Checkout == id).Select(r => r.Movement).ToList(),
                transfers.Where(t => t.Checkout == id).Select(t => t.Movement).ToList(),
                reversals.Where(r => r.Checkout == id).Select(r => r.Movement).ToList());
        }).ToList();
        return new RecordedCardMovements(expected, recordedAt);
    }
}
