using System.Net;
using SolidarityMarket.Ordering.Payments;

namespace SolidarityMarket.Stripe.Tests.Webhooks;

/// <summary>
/// <c>charge.refund.updated</c> and <c>refund.failed</c> are acted on by re-reading the refund (GET /v1/refunds/{id},
/// the real gateway against the fake Stripe server): only a refund Stripe says failed reaches Ordering, whatever the
/// event's copy says. The ORDER SIDE IS A TEST DOUBLE (<see cref="RecordingCardPaymentEvents"/>); the order's own
/// handling (once per refund, attention list) is tested in Ordering's CardOrderFlowTests.
/// </summary>
public sealed class RefundFailedWebhookTests : IAsyncLifetime
{
    private WebhookHost _host = null!;

    public ValueTask InitializeAsync()
    {
        _host = new WebhookHost();
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    [Fact]
    public async Task A_refund_that_failed_after_the_event_was_built_is_reported_failed_with_its_reason()
    {
        var orderId = Guid.NewGuid();
        var refund = await PaidAndRefundedAsync(6_000, 2_000, orderId);
        var staleCopy = _host.Stripe.Snapshot(refund.RefundId);
        _host.Stripe.FailRefund(refund.RefundId, "lost_or_stolen_card");

        Assert.Equal(HttpStatusCode.OK, (await _host.PostAsync(StripeEvents.Build(EventId(), "charge.refund.updated", staleCopy, DateTimeOffset.UtcNow))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _host.PostAsync(StripeEvents.Build(EventId(), "refund.failed", _host.Stripe.Snapshot(refund.RefundId), DateTimeOffset.UtcNow))).StatusCode);

        // The order comes from the refund's metadata.order_id, for a failure told before the refund was recorded.
        var reported = _host.Orders.CallsTo(nameof(ICardPaymentEvents.RefundFailedAsync)).Select(c => (CardRefundState)c.Payload).ToList();
        var expected = new CardRefundState(refund.RefundId, "failed", "lost_or_stolen_card", orderId);
        Assert.Equal([expected, expected], reported);
        Assert.Equal(2, _host.Stripe.RequestsTo("GET", "/v1/refunds/" + refund.RefundId).Count);
    }

    [Fact]
    public async Task A_refund_update_that_claims_failure_for_a_refund_Stripe_says_succeeded_changes_nothing()
    {
        var refund = await PaidAndRefundedAsync(3_000, 3_000, Guid.NewGuid());
        var claim = _host.Stripe.Snapshot(refund.RefundId);
        claim["status"] = "failed";
        claim["failure_reason"] = "unknown";

        var response = await _host.PostAsync(StripeEvents.Build(EventId(), "charge.refund.updated", claim, DateTimeOffset.UtcNow));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(_host.Orders.CallsTo(nameof(ICardPaymentEvents.RefundFailedAsync)));
        Assert.Single(_host.Stripe.RequestsTo("GET", "/v1/refunds/" + refund.RefundId));
    }

    private async Task<CardRefund> PaidAndRefundedAsync(long amountCents, long refundCents, Guid orderId)
    {
        var payment = await _host.Gateway.CreatePaymentAsync(Gateway.GatewayFixture.Payment(Guid.NewGuid(), amountCents), CancellationToken.None);
        _host.Stripe.SucceedPayment(payment.PaymentId);
        return await _host.Gateway.RefundAsync(new CardRefundRequest(orderId, payment.PaymentId, refundCents, null, 0, $"refund-{Guid.NewGuid():N}"), CancellationToken.None);
    }

    private static string EventId() => $"evt_fake_{Guid.NewGuid():N}"[..30];
}
