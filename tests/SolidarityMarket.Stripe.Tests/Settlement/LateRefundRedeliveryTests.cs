using SolidarityMarket.Contracts.Ordering;
using SolidarityMarket.Ordering.Orders;
using SolidarityMarket.Ordering.Payments;
using SolidarityMarket.Stripe.Tests.Webhooks;
using static SolidarityMarket.Stripe.Tests.Settlement.SettlementSeeds;

namespace SolidarityMarket.Stripe.Tests.Settlement;

/// <summary>
/// A <c>RefundCardOrder</c> redelivered more than a day after its refund and reversal were made but not recorded (a
/// crash in between): Stripe has forgotten the keys, so asking again would refund the buyer twice — the charge of a
/// checkout with several co-ops has room — and take the co-op's share twice. Both are looked up first (ADR 0016).
/// </summary>
public sealed class LateRefundRedeliveryTests
{
    [Fact]
    public async Task A_refund_and_reversal_made_a_day_ago_but_never_recorded_are_found_and_recorded_not_made_again()
    {
        await using var host = new WebhookHost();
        var checkoutId = Guid.NewGuid();
        var orderId = Guid.NewGuid();
        var (payment, chargeId, accountId) = await PaidCheckoutAsync(host, checkoutId, 15_000); // three co-ops' orders of 5,000: room for a second refund
        var transfer = await host.Gateway.TransferToVendorAsync(
            new VendorTransferRequest(orderId, checkoutId, accountId, 4_500, "usd", chargeId, $"order-{orderId}-transfer"), CancellationToken.None);
        await SeedOrderAsync(host, checkoutId, orderId, payment.PaymentId, chargeId, accountId, OrderStatus.Cancelled, transfer.TransferId);

        // Another order's refund on the same payment, which must not be taken for this one's.
        await host.Gateway.RefundAsync(new CardRefundRequest(Guid.NewGuid(), payment.PaymentId, 1_000, null, 0, $"order-{Guid.NewGuid()}-refund"), CancellationToken.None);
        var made = await host.Gateway.RefundAsync(
            new CardRefundRequest(orderId, payment.PaymentId, 5_000, transfer.TransferId, 4_500, $"order-{orderId}-refund"), CancellationToken.None);
        host.Stripe.ForgetIdempotencyKeys();
        var refundsBefore = host.Stripe.RequestsTo("POST", "/v1/refunds").Count;

        await SendAsync(host, Queues.RefundCardOrder, new RefundCardOrder(orderId));
        var refunded = await OrderWhenAsync(host, orderId, o => o.RefundId is not null, "the refund to be recorded");

        Assert.Equal(refundsBefore, host.Stripe.RequestsTo("POST", "/v1/refunds").Count);
        Assert.Single(host.Stripe.RequestsTo("POST", $"/v1/transfers/{transfer.TransferId}/reversals"));
        Assert.Equal(made.RefundId, refunded.RefundId);
        Assert.Equal(made.TransferReversalId, refunded.TransferReversalId);
        Assert.Equal(6_000, host.Stripe.Get(chargeId)["amount_refunded"]!.GetValue<long>());
        Assert.Equal(4_500, host.Stripe.Get(transfer.TransferId)["amount_reversed"]!.GetValue<long>());
    }
}
