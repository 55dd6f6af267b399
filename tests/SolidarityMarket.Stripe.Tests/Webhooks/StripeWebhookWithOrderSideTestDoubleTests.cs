using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;
using SolidarityMarket.Ordering.Features.Payments;
using SolidarityMarket.Ordering.Payments;
using SolidarityMarket.Stripe.Tests.Fake;

namespace SolidarityMarket.Stripe.Tests.Webhooks;

/// <summary>
/// The webhook endpoint end to end — signature check with Stripe.net's EventUtility, dedup table, re-read through
/// the real Stripe gateway against the fake Stripe server — with the ORDER SIDE A TEST DOUBLE
/// (<see cref="RecordingCardPaymentEvents"/>) standing in for the Ordering core built in parallel.
/// </summary>
public sealed class StripeWebhookWithOrderSideTestDoubleTests : IAsyncLifetime
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
    public async Task A_signed_payment_succeeded_is_acted_on_once_with_the_re_read_intent_and_recorded()
    {
        var (paymentId, chargeId) = await PaidAsync(6_000);
        var eventId = NextEventId();

        var response = await _host.PostAsync(StripeEvents.Build(eventId, "payment_intent.succeeded", _host.Stripe.Snapshot(paymentId), DateTimeOffset.UtcNow));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("handled", (await response.Content.ReadFromJsonAsync<StripeWebhook.WebhookReceipt>())!.Outcome);
        var call = Assert.Single(_host.Orders.Calls);
        Assert.Equal(nameof(ICardPaymentEvents.PaymentSucceededAsync), call.Method);
        var payment = Assert.IsType<CardPayment>(call.Payload);
        Assert.Equal((paymentId, CardPaymentStatus.Succeeded, chargeId, 6_000L), (payment.PaymentId, payment.Status, payment.ChargeId, payment.AmountReceivedCents));
        Assert.Single(_host.Stripe.RequestsTo("GET", "/v1/payment_intents/" + paymentId)); // re-read, not the event's copy
        Assert.Equal([eventId], await _host.RecordedEventIdsAsync());
    }

    [Fact]
    public async Task A_payment_failed_reports_the_failure_from_the_re_read_intent()
    {
        var payment = await _host.Gateway.CreatePaymentAsync(Gateway.GatewayFixture.Payment(Guid.NewGuid()), CancellationToken.None);
        _host.Stripe.FailPayment(payment.PaymentId, "Your card has expired.");

        var response = await _host.PostAsync(StripeEvents.Build(NextEventId(), "payment_intent.payment_failed", _host.Stripe.Snapshot(payment.PaymentId), DateTimeOffset.UtcNow));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var failed = Assert.IsType<CardPayment>(Assert.Single(_host.Orders.CallsTo(nameof(ICardPaymentEvents.PaymentFailedAsync))).Payload);
        Assert.Equal("Your card has expired.", failed.FailureMessage);
    }

    [Fact]
    public async Task A_late_payment_failed_of_an_intent_paid_since_reports_the_success_it_reads()
    {
        var payment = await _host.Gateway.CreatePaymentAsync(Gateway.GatewayFixture.Payment(Guid.NewGuid()), CancellationToken.None);
        _host.Stripe.FailPayment(payment.PaymentId);
        var staleSnapshot = _host.Stripe.Snapshot(payment.PaymentId);
        _host.Stripe.SucceedPayment(payment.PaymentId);

        var response = await _host.PostAsync(StripeEvents.Build(NextEventId(), "payment_intent.payment_failed", staleSnapshot, DateTimeOffset.UtcNow));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(nameof(ICardPaymentEvents.PaymentSucceededAsync), Assert.Single(_host.Orders.Calls).Method);
    }

    [Fact]
    public async Task Dispute_created_reports_the_dispute_with_its_charge_amount_and_reason()
    {
        var (paymentId, chargeId) = await PaidAsync(6_000);
        var dispute = StripeFixtures.Example("dispute");
        dispute["id"] = "dp_fake_1";
        dispute["charge"] = chargeId;
        dispute["payment_intent"] = paymentId;
        dispute["amount"] = 6_000;
        dispute["reason"] = "product_not_received";

        var response = await _host.PostAsync(StripeEvents.Build(NextEventId(), "charge.dispute.created", dispute, DateTimeOffset.UtcNow));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var call = Assert.Single(_host.Orders.CallsTo(nameof(ICardPaymentEvents.DisputeCreatedAsync)));
        Assert.Equal((paymentId, chargeId, "dp_fake_1", 6_000L, "product_not_received"), call.Payload);
    }

    [Fact]
    public async Task Account_updated_re_reads_the_account_and_orders_it_by_the_time_of_the_re_read()
    {
        var account = await _host.Gateway.CreateConnectedAccountAsync(new ConnectedAccountRequest(Guid.NewGuid(), null, "US", "acct-key"), CancellationToken.None);
        var staleSnapshot = _host.Stripe.Snapshot(account.AccountId); // charges_enabled: false
        _host.Stripe.EnableAccount(account.AccountId);
        var created = new DateTimeOffset(2026, 3, 1, 10, 30, 0, TimeSpan.Zero);
        var before = DateTimeOffset.UtcNow;

        var response = await _host.PostAsync(StripeEvents.Build(NextEventId(), "account.updated", staleSnapshot, created));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var (updated, observedAt) = ((ConnectedAccount, DateTimeOffset))Assert.Single(_host.Orders.Calls).Payload;
        Assert.True(updated.ChargesEnabled);
        Assert.InRange(observedAt, before, DateTimeOffset.UtcNow);
    }

    [Theory]
    [InlineData("forged")]
    [InlineData("missing")]
    [InlineData("stale")]
    [InlineData("tampered")]
    [InlineData("signed-garbage")]
    [InlineData("signed-array")]
    [InlineData("signed-odd-shape")]
    [InlineData("signed-no-id")]
    public async Task An_unverifiable_request_is_a_400_problem_and_nothing_is_acted_on_or_stored(string how)
    {
        var (paymentId, _) = await PaidAsync(6_000);
        var payload = StripeEvents.Build(NextEventId(), "payment_intent.succeeded", _host.Stripe.Snapshot(paymentId), DateTimeOffset.UtcNow);
        var (body, signature) = how switch
        {
            "forged" => (payload, StripeEvents.Sign(payload, DateTimeOffset.UtcNow, "whsec_someone_else")),
            "missing" => (payload, null),
            "stale" => (payload, StripeEvents.Sign(payload, DateTimeOffset.UtcNow.AddMinutes(-10))),
            "signed-garbage" => SignedAsIs("{\"not\": [\"an event\""),
            "signed-array" => SignedAsIs("[1, 2]"),
            "signed-odd-shape" => SignedAsIs("{\"id\": {\"x\": 1}, \"type\": 5, \"created\": \"yesterday\"}"),
            "signed-no-id" => SignedAsIs("{\"object\": \"event\", \"type\": \"payment_intent.succeeded\"}"),
            _ => (payload.Replace("\"amount\":6000", "\"amount\":1", StringComparison.Ordinal), StripeEvents.Sign(payload, DateTimeOffset.UtcNow)),
        };
        Assert.True(how is not "tampered" || body != payload, "the tampering changed nothing");

        var response = await _host.PostAsync(body, signature);

        var answer = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{how}: {(int)response.StatusCode} {answer}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = System.Text.Json.JsonSerializer.Deserialize<ProblemDetails>(answer, System.Text.Json.JsonSerializerOptions.Web);
        Assert.EndsWith("/invalid-webhook-signature", problem!.Type, StringComparison.Ordinal);
        Assert.Empty(_host.Orders.Calls);
        Assert.Empty(await _host.RecordedEventIdsAsync());
        Assert.Empty(_host.Stripe.RequestsTo("GET", "/v1/payment_intents/" + paymentId));
    }

    [Fact]
    public async Task Each_event_delivered_20_times_in_shuffled_order_among_others_is_acted_on_exactly_once()
    {
        var payloads = new List<(string Id, string Payload)>();
        for (var i = 0; i < 4; i++)
        {
            var (paymentId, _) = await PaidAsync(1_000 + i);
            var id = NextEventId();
            payloads.Add((id, StripeEvents.Build(id, "payment_intent.succeeded", _host.Stripe.Snapshot(paymentId), DateTimeOffset.UtcNow)));
        }

        var account = await _host.Gateway.CreateConnectedAccountAsync(new ConnectedAccountRequest(Guid.NewGuid(), null, "US", "acct-dup"), CancellationToken.None);
        var accountEvent = NextEventId();
        payloads.Add((accountEvent, StripeEvents.Build(accountEvent, "account.updated", _host.Stripe.Snapshot(account.AccountId), DateTimeOffset.UtcNow)));
        var deliveries = payloads.SelectMany(p => Enumerable.Repeat(p, 20)).ToArray();
        new Random(20260301).Shuffle(deliveries);

        var outcomes = new List<string>();
        foreach (var (_, payload) in deliveries)
        {
            var response = await _host.PostAsync(payload);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            outcomes.Add((await response.Content.ReadFromJsonAsync<StripeWebhook.WebhookReceipt>())!.Outcome);
        }

        Assert.Equal(5, outcomes.Count(o => o == "handled"));
        Assert.Equal(95, outcomes.Count(o => o == "duplicate"));
        Assert.Equal(5, _host.Orders.Calls.Count);
        Assert.Equal(payloads.Select(p => p.Id).Order(StringComparer.Ordinal), await _host.RecordedEventIdsAsync());
    }

    [Fact]
    public async Task An_event_type_Ordering_does_not_handle_is_acknowledged_and_ignored()
    {
        var product = new JsonObject { ["id"] = "prod_fake", ["object"] = "product", ["name"] = "Not ours" };

        var response = await _host.PostAsync(StripeEvents.Build(NextEventId(), "product.created", product, DateTimeOffset.UtcNow));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ignored", (await response.Content.ReadFromJsonAsync<StripeWebhook.WebhookReceipt>())!.Outcome);
        Assert.Empty(_host.Orders.Calls);
        Assert.Empty(await _host.RecordedEventIdsAsync());
    }

    [Fact]
    public async Task A_failing_order_side_is_a_503_the_event_is_not_recorded_and_the_retry_is_acted_on()
    {
        var (paymentId, _) = await PaidAsync(6_000);
        var eventId = NextEventId();
        var payload = StripeEvents.Build(eventId, "payment_intent.succeeded", _host.Stripe.Snapshot(paymentId), DateTimeOffset.UtcNow);
        _host.Orders.FailNext(1);

        var failed = await _host.PostAsync(payload);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, failed.StatusCode);
        Assert.EndsWith("/webhook-handler-failed", (await failed.Content.ReadFromJsonAsync<ProblemDetails>())!.Type, StringComparison.Ordinal);
        Assert.Empty(await _host.RecordedEventIdsAsync());

        var retried = await _host.PostAsync(payload);

        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        Assert.Equal(2, _host.Orders.Calls.Count); // the failed attempt and the retry
        Assert.Equal([eventId], await _host.RecordedEventIdsAsync());
    }

    [Fact]
    public async Task Stripe_unreachable_during_the_re_read_is_a_503_and_nothing_is_recorded()
    {
        var (paymentId, _) = await PaidAsync(6_000);
        _host.Stripe.Fail("GET", "/v1/payment_intents/" + paymentId, FakeStripeError.Server(), times: 10);

        var response = await _host.PostAsync(StripeEvents.Build(NextEventId(), "payment_intent.succeeded", _host.Stripe.Snapshot(paymentId), DateTimeOffset.UtcNow));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Empty(_host.Orders.Calls);
        Assert.Empty(await _host.RecordedEventIdsAsync());
    }

    private static (string Body, string? Signature) SignedAsIs(string body) => (body, StripeEvents.Sign(body, DateTimeOffset.UtcNow));

    private async Task<(string PaymentId, string ChargeId)> PaidAsync(long amountCents)
    {
        var payment = await _host.Gateway.CreatePaymentAsync(Gateway.GatewayFixture.Payment(Guid.NewGuid(), amountCents), CancellationToken.None);
        return (payment.PaymentId, _host.Stripe.SucceedPayment(payment.PaymentId));
    }

    private string NextEventId() => $"evt_fake_{Interlocked.Increment(ref _events):D4}_{Guid.NewGuid():N}"[..40];
}
