using SolidarityMarket.Contracts.Ordering;
using SolidarityMarket.Ordering.Orders;
using SolidarityMarket.Ordering.Payments;
using SolidarityMarket.Stripe.Tests.Fake;
using SolidarityMarket.Stripe.Tests.Webhooks;
using static SolidarityMarket.Stripe.Tests.Settlement.SettlementSeeds;

namespace SolidarityMarket.Stripe.Tests.Settlement;

/// <summary>
/// A refund whose transfer reversal Stripe refuses (the co-op's balance cannot cover it): the refund was made and
/// must be recorded — else the order looks unrefunded and a later refund (or an administrator) pays the buyer twice —
/// and the co-op keeping its share goes on the attention list.
/// </summary>
public sealed class RefusedReversalTests
{
    [Fact]
    public async Task A_refused_reversal_keeps_the_refund_recorded_and_puts_the_co_op_keeping_the_money_on_the_attention_list()
    {
        await using var host = new WebhookHost();
        var checkoutId = Guid.NewGuid();
        var orderId = Guid.NewGuid();
        var (payment, chargeId, accountId) = await PaidCheckoutAsync(host, checkoutId, 5_000);
        var transfer = await host.Gateway.TransferToVendorAsync(
            new VendorTransferRequest(orderId, checkoutId, accountId, 4_500, "usd", chargeId, $"order-{orderId}-transfer"), CancellationToken.None);
        await SeedOrderAsync(host, checkoutId, orderId, payment.PaymentId, chargeId, accountId, OrderStatus.Cancelled, transfer.TransferId);
        host.Stripe.Fail("POST", $"/v1/transfers/{transfer.TransferId}/reversals",
            FakeStripeError.Invalid("Insufficient funds in the connected account to reverse this transfer.", "balance_insufficient"), times: 100);

        await SendAsync(host, Queues.RefundCardOrder, new RefundCardOrder(orderId));
        var refunded = await OrderWhenAsync(host, orderId, o => o.RefundId is not null, "the refund to be recorded");

        Assert.Single(host.Stripe.RequestsTo("POST", "/v1/refunds"));
        Assert.Equal(5_000, host.Stripe.Get(chargeId)["amount_refunded"]!.GetValue<long>());
        Assert.Equal(0, host.Stripe.Get(transfer.TransferId)["amount_reversed"]!.GetValue<long>());
        Assert.Null(refunded.TransferReversalId);
        Assert.NotNull(refunded.RefundedAt);
        Assert.StartsWith("transfer reversal refused: co-op keeps 4500 cents", refunded.SettlementProblem);
        Assert.Contains("balance_insufficient", refunded.SettlementProblem);
        Assert.DoesNotContain(await HistoryAsync(host, orderId), h => (h.Reason ?? "").StartsWith("card refund refused", StringComparison.Ordinal));
    }
}
