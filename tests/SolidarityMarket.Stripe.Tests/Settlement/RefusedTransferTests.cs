using SolidarityMarket.Contracts.Ordering;
using SolidarityMarket.Ordering.Orders;
using SolidarityMarket.Stripe.Tests.Fake;
using SolidarityMarket.Stripe.Tests.Webhooks;
using static SolidarityMarket.Stripe.Tests.Settlement.SettlementSeeds;

namespace SolidarityMarket.Stripe.Tests.Settlement;

/// <summary>
/// Stripe refusing the co-op's transfer (a restricted account, an inactive capability) for good: the order goes on
/// the attention list instead of the command faulting into the error queue where nobody looks.
/// </summary>
public sealed class RefusedTransferTests
{
    [Fact]
    public async Task A_transfer_stripe_keeps_refusing_puts_the_order_on_the_attention_list()
    {
        await using var host = new WebhookHost();
        var checkoutId = Guid.NewGuid();
        var orderId = Guid.NewGuid();
        var (payment, chargeId, accountId) = await PaidCheckoutAsync(host, checkoutId, 5_000);
        await SeedOrderAsync(host, checkoutId, orderId, payment.PaymentId, chargeId, accountId, OrderStatus.Paid, transferId: null);
        host.Stripe.Fail("POST", "/v1/transfers",
            FakeStripeError.Invalid("Your destination account needs to have at least one of the following capabilities enabled: transfers.", "insufficient_capabilities_for_transfer"), times: 100);

        await SendAsync(host, Queues.TransferToVendor, new TransferToVendor(orderId));
        var order = await OrderWhenAsync(host, orderId, o => o.SettlementProblem is not null, "the refused transfer to be on the attention list");

        Assert.StartsWith("transfer to co-op refused: insufficient_capabilities_for_transfer", order.SettlementProblem);
        Assert.Contains("4500 cents", order.SettlementProblem);
        Assert.Null(order.TransferId);
        Assert.Equal(OrderStatus.Paid, order.Status);
        Assert.All(host.Stripe.RequestsTo("POST", "/v1/transfers"), r => Assert.Equal(400, r.Status));
    }
}
