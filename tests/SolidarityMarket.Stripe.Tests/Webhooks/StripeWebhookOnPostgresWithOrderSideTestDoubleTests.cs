using System.Net;
using System.Net.Http.Json;
using SolidarityMarket.Ordering.Features.Payments;
using SolidarityMarket.Testing;

namespace SolidarityMarket.Stripe.Tests.Webhooks;

/// <summary>
/// The dedup table on PostgreSQL, the server database: the same event delivered concurrently is recorded once and
/// every delivery gets a 2xx. The ORDER SIDE IS A TEST DOUBLE (<see cref="RecordingCardPaymentEvents"/>).
/// </summary>
public sealed class StripeWebhookOnPostgresWithOrderSideTestDoubleTests
{
    [Fact]
    public async Task Concurrent_deliveries_of_one_event_are_all_acknowledged_and_recorded_once()
    {
        await using var host = new WebhookHost(await TestServers.RequirePostgresAsync("stripe_webhook"));
        var payment = await host.Gateway.CreatePaymentAsync(Gateway.GatewayFixture.Payment(Guid.NewGuid(), 2_000), CancellationToken.None);
        host.Stripe.SucceedPayment(payment.PaymentId);
        var payload = StripeEvents.Build("evt_concurrent_1", "payment_intent.succeeded", host.Stripe.Snapshot(payment.PaymentId), DateTimeOffset.UtcNow);

        var responses = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => host.PostAsync(payload)));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var outcomes = await Task.WhenAll(responses.Select(async r => (await r.Content.ReadFromJsonAsync<StripeWebhook.WebhookReceipt>())!.Outcome));
        // Exactly one delivery's insert wins; the others either found the row or lost the insert race.
        Assert.Single(outcomes, o => o == "handled");
        Assert.All(outcomes, o => Assert.Contains(o, new[] { "handled", "duplicate" }));
        Assert.Equal(["evt_concurrent_1"], await host.RecordedEventIdsAsync());

        // Deliveries racing before the row committed may each have acted (the order side is idempotent, so the effect
        // is still one); those that came after it did not.
        Assert.InRange(host.Orders.Calls.Count, 1, 12);
    }

    [Fact]
    public async Task A_replayed_event_after_it_was_recorded_is_not_acted_on_again()
    {
        await using var host = new WebhookHost(await TestServers.RequirePostgresAsync("stripe_webhook"));
        var payment = await host.Gateway.CreatePaymentAsync(Gateway.GatewayFixture.Payment(Guid.NewGuid(), 2_000), CancellationToken.None);
        host.Stripe.SucceedPayment(payment.PaymentId);
        var payload = StripeEvents.Build("evt_replayed_1", "payment_intent.succeeded", host.Stripe.Snapshot(payment.PaymentId), DateTimeOffset.UtcNow);

        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await host.PostAsync(payload)).StatusCode);
        }

        Assert.Single(host.Orders.Calls);
        Assert.Equal(["evt_replayed_1"], await host.RecordedEventIdsAsync());
    }
}
