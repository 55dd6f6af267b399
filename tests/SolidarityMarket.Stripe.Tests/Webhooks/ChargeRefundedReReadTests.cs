using System.Net;
using System.Net.Http.Json;
using SolidarityMarket.Ordering.Features.Payments;
using SolidarityMarket.Ordering.Payments;
using SolidarityMarket.Stripe.Tests.Fake;

namespace SolidarityMarket.Stripe.Tests.Webhooks;

/// <summary>
/// <c>charge.refunded</c> is acted on by re-reading the charge (GET /v1/charges/{id}, the real gateway against the
/// fake Stripe server), never by the event's copy: replayed, shuffled and stale events all report what Stripe says
/// now. The ORDER SIDE IS A TEST DOUBLE (<see cref="RecordingCardPaymentEvents"/>) recording what reached it.
/// </summary>
public sealed class ChargeRefundedReReadTests : IAsyncLifetime
{
    private WebhookHost _host = null!;
    private int _events;

    public ValueTask InitializeAsync()
    {
        _host = new WebhookHost();
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    [Fact]
    public async Task A_partial_then_a_full_refund_each_report_the_total_refunded_as_re_read()
    {
        var (paymentId, chargeId) = await PaidAsync(6_000);

        await RefundAsync(paymentId, 2_500);
        Assert.Equal(HttpStatusCode.OK, (await PostRefundedAsync(NextEventId(), chargeId)).StatusCode);
        await RefundAsync(paymentId, 3_500);
        Assert.Equal(HttpStatusCode.OK, (await PostRefundedAsync(NextEventId(), chargeId)).StatusCode);

        Assert.Equal([(paymentId, chargeId, 2_500L), (paymentId, chargeId, 6_000L)], Reported());
        Assert.Equal(2, _host.Stripe.RequestsTo("GET", "/v1/charges/" + chargeId).Count);
    }

    [Fact]
    public async Task A_stale_partial_refund_event_delivered_after_the_full_refund_reports_the_full_amount()
    {
        var (paymentId, chargeId) = await PaidAsync(6_000);
        await RefundAsync(paymentId, 2_500);
        var partial = StripeEvents.Build(NextEventId(), "charge.refunded", _host.Stripe.Snapshot(chargeId), DateTimeOffset.UtcNow.AddMinutes(-5));
        await RefundAsync(paymentId, 3_500);
        var full = StripeEvents.Build(NextEventId(), "charge.refunded", _host.Stripe.Snapshot(chargeId), DateTimeOffset.UtcNow);

        Assert.Equal(HttpStatusCode.OK, (await _host.PostAsync(full)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _host.PostAsync(partial)).StatusCode);

        // The partial event's own copy says 2,500; Stripe says 6,000 now, and that is what Ordering is told.
        Assert.Equal([(paymentId, chargeId, 6_000L), (paymentId, chargeId, 6_000L)], Reported());
    }

    [Fact]
    public async Task Shuffled_and_replayed_refund_events_are_acted_on_once_each_with_the_current_total()
    {
        var (paymentId, chargeId) = await PaidAsync(6_000);
        var events = new List<string>();
        foreach (var amount in new[] { 1_000L, 2_000L, 3_000L })
        {
            await RefundAsync(paymentId, amount);
            events.Add(StripeEvents.Build(NextEventId(), "charge.refunded", _host.Stripe.Snapshot(chargeId), DateTimeOffset.UtcNow));
        }

        // Each event twice (Stripe's retries), in a fixed shuffled order.
        var deliveries = events.Concat(events).ToList();
        new Random(20261129).Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(deliveries));
        var outcomes = new List<string>();
        foreach (var delivery in deliveries)
        {
            var response = await _host.PostAsync(delivery);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            outcomes.Add((await response.Content.ReadFromJsonAsync<StripeWebhook.WebhookReceipt>())!.Outcome);
        }

        Assert.Equal(3, outcomes.Count(o => o == "handled"));
        Assert.Equal(3, outcomes.Count(o => o == "duplicate"));
        Assert.Equal(Enumerable.Repeat((paymentId, chargeId, 6_000L), 3), Reported());
    }

    [Fact]
    public async Task A_refund_event_for_a_charge_Stripe_does_not_know_is_not_believed_and_is_left_for_a_retry()
    {
        var (_, chargeId) = await PaidAsync(6_000);
        var forged = _host.Stripe.Snapshot(chargeId);
        forged["id"] = "ch_unknown_to_stripe";
        forged["amount_refunded"] = 6_000;
        forged["refunded"] = true;

        var response = await _host.PostAsync(StripeEvents.Build(NextEventId(), "charge.refunded", forged, DateTimeOffset.UtcNow));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Empty(_host.Orders.Calls);
        Assert.Empty(await _host.RecordedEventIdsAsync());
    }

    private Task<HttpResponseMessage> PostRefundedAsync(string eventId, string chargeId) =>
        _host.PostAsync(StripeEvents.Build(eventId, "charge.refunded", _host.Stripe.Snapshot(chargeId), DateTimeOffset.UtcNow));

    private Task<CardRefund> RefundAsync(string paymentId, long amountCents) =>
        _host.Gateway.RefundAsync(new CardRefundRequest(Guid.NewGuid(), paymentId, amountCents, null, 0, $"refund-{Guid.NewGuid():N}"), CancellationToken.None);

    private List<(string, string, long)> Reported() =>
        [.. _host.Orders.CallsTo(nameof(ICardPaymentEvents.ChargeRefundedAsync)).Select(c => ((string, string, long))c.Payload)];

    private async Task<(string PaymentId, string ChargeId)> PaidAsync(long amountCents)
    {
        var payment = await _host.Gateway.CreatePaymentAsync(Gateway.GatewayFixture.Payment(Guid.NewGuid(), amountCents), CancellationToken.None);
        return (payment.PaymentId, _host.Stripe.SucceedPayment(payment.PaymentId));
    }

    private string NextEventId() => $"evt_fake_{Interlocked.Increment(ref _events):D4}_{Guid.NewGuid():N}"[..40];
}
