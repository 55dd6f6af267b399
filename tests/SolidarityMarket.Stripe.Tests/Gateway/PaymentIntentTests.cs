using SolidarityMarket.Ordering.Payments;
using SolidarityMarket.Ordering.Payments.Stripe;
using SolidarityMarket.Stripe.Tests.Fake;
using Stripe;

namespace SolidarityMarket.Stripe.Tests.Gateway;

/// <summary>PaymentIntents through the real Stripe.net client against the fake Stripe server.</summary>
public sealed class PaymentIntentTests : IDisposable
{
    private readonly GatewayFixture _f = new();

    public void Dispose() => _f.Dispose();

    [Fact]
    public async Task Create_sends_amount_currency_transfer_group_metadata_automatic_methods_key_and_bearer_and_maps_the_intent()
    {
        var checkout = Guid.NewGuid();

        var payment = await _f.Gateway.CreatePaymentAsync(GatewayFixture.Payment(checkout, 4_250), CancellationToken.None);

        var sent = Assert.Single(_f.Stripe.RequestsTo("POST", "/v1/payment_intents"));
        Assert.Equal("4250", sent.Form["amount"]);
        Assert.Equal("usd", sent.Form["currency"]);
        Assert.Equal(checkout.ToString(), sent.Form["transfer_group"]);
        Assert.Equal(checkout.ToString(), sent.Form["metadata[checkout_id]"]);
        Assert.Equal("o1,o2", sent.Form["metadata[order_ids]"]);
        Assert.Equal("true", sent.Form["automatic_payment_methods[enabled]"]);
        Assert.Equal("Solidarity Market checkout", sent.Form["description"]);
        Assert.Equal($"checkout-{checkout}-payment", sent.IdempotencyKey);
        Assert.Equal("Bearer " + FakeStripeServer.SecretKey, sent.Authorization);

        Assert.StartsWith("pi_", payment.PaymentId, StringComparison.Ordinal);
        Assert.Equal(CardPaymentStatus.RequiresPaymentMethod, payment.Status);
        Assert.Equal(4_250, payment.AmountCents);
        Assert.Equal(0, payment.AmountReceivedCents);
        Assert.Equal(payment.PaymentId + "_secret_fake", payment.ClientSecret);
        Assert.Null(payment.ChargeId);
        Assert.Null(payment.FailureMessage);
        Assert.Equal(checkout.ToString(), payment.Metadata["checkout_id"]);
    }

    [Fact]
    public async Task A_retry_with_the_same_key_returns_the_same_intent_and_creates_no_second_one()
    {
        var request = GatewayFixture.Payment(Guid.NewGuid());

        var first = await _f.Gateway.CreatePaymentAsync(request, CancellationToken.None);
        var retry = await _f.Gateway.CreatePaymentAsync(request, CancellationToken.None);

        Assert.Equal(first.PaymentId, retry.PaymentId);
        var sent = _f.Stripe.RequestsTo("POST", "/v1/payment_intents");
        Assert.Equal(2, sent.Count);
        Assert.All(sent, r => Assert.Equal(request.IdempotencyKey, r.IdempotencyKey));
        Assert.True(sent[1].Replayed);
    }

    [Fact]
    public async Task The_same_key_with_another_amount_is_an_idempotency_conflict_answered_409()
    {
        var checkout = Guid.NewGuid();
        await _f.Gateway.CreatePaymentAsync(GatewayFixture.Payment(checkout, 1_000), CancellationToken.None);

        var refusal = await Assert.ThrowsAsync<CardGatewayException>(() =>
            _f.Gateway.CreatePaymentAsync(GatewayFixture.Payment(checkout, 2_000), CancellationToken.None));

        Assert.Equal(CardGatewayRejection.IdempotencyConflict, refusal.Rejection);
        Assert.Equal(400, refusal.ProviderStatus);
        Assert.Equal(409, StripeProblems.From(refusal).StatusCode);
    }

    [Fact]
    public async Task Changing_the_amount_of_an_unpaid_intent_updates_it_under_the_key_and_the_buyer_is_charged_the_new_amount()
    {
        var payment = await _f.Gateway.CreatePaymentAsync(GatewayFixture.Payment(Guid.NewGuid(), 6_000), CancellationToken.None);

        var changed = await _f.Gateway.ChangePaymentAmountAsync(payment.PaymentId, 4_000, "checkout-x-amount-6000-to-4000", CancellationToken.None);
        var retried = await _f.Gateway.ChangePaymentAmountAsync(payment.PaymentId, 4_000, "checkout-x-amount-6000-to-4000", CancellationToken.None);

        Assert.Equal((4_000L, CardPaymentStatus.RequiresPaymentMethod), (changed.AmountCents, changed.Status));
        Assert.Equal(4_000L, retried.AmountCents);
        var sent = _f.Stripe.RequestsTo("POST", "/v1/payment_intents/" + payment.PaymentId);
        Assert.Equal(2, sent.Count);
        Assert.All(sent, r => Assert.Equal(("4000", "checkout-x-amount-6000-to-4000"), (r.Form["amount"], r.IdempotencyKey)));
        Assert.True(sent[1].Replayed);
        _f.Stripe.SucceedPayment(payment.PaymentId);
        Assert.Equal(4_000L, (await _f.Gateway.GetPaymentAsync(payment.PaymentId, CancellationToken.None)).AmountReceivedCents);
    }

    [Fact]
    public async Task Changing_the_amount_of_a_paid_intent_is_refused_with_unexpected_state_and_changes_nothing()
    {
        var payment = await _f.Gateway.CreatePaymentAsync(GatewayFixture.Payment(Guid.NewGuid(), 6_000), CancellationToken.None);
        _f.Stripe.SucceedPayment(payment.PaymentId);

        var refusal = await Assert.ThrowsAsync<CardGatewayException>(() =>
            _f.Gateway.ChangePaymentAmountAsync(payment.PaymentId, 4_000, "checkout-y-amount-6000-to-4000", CancellationToken.None));

        Assert.Equal((CardGatewayRejection.InvalidRequest, "payment_intent_unexpected_state", 400), (refusal.Rejection, refusal.Code, refusal.ProviderStatus));
        var intent = await _f.Gateway.GetPaymentAsync(payment.PaymentId, CancellationToken.None);
        Assert.Equal((6_000L, 6_000L), (intent.AmountCents, intent.AmountReceivedCents));
    }

    [Fact]
    public async Task A_declined_card_becomes_a_typed_card_declined_refusal_answered_402()
    {
        _f.Stripe.Fail("POST", "/v1/payment_intents", FakeStripeError.CardDeclined());

        var refusal = await Assert.ThrowsAsync<CardGatewayException>(() =>
            _f.Gateway.CreatePaymentAsync(GatewayFixture.Payment(Guid.NewGuid()), CancellationToken.None));

        Assert.Equal(CardGatewayRejection.CardDeclined, refusal.Rejection);
        Assert.Equal("generic_decline", refusal.Code);
        Assert.Equal(402, refusal.ProviderStatus);
        Assert.Equal("Your card was declined.", refusal.Message);
        var problem = StripeProblems.From(refusal);
        Assert.Equal(402, problem.StatusCode);
        Assert.EndsWith("/card-declined", problem.ProblemDetails.Type, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stripe_server_errors_are_not_refusals_they_propagate_so_the_caller_retries()
    {
        // More failures than Stripe.net's own retries, so the error reaches the gateway's caller.
        _f.Stripe.Fail("POST", "/v1/payment_intents", FakeStripeError.Server(), times: 10);

        var error = await Assert.ThrowsAsync<StripeException>(() =>
            _f.Gateway.CreatePaymentAsync(GatewayFixture.Payment(Guid.NewGuid()), CancellationToken.None));

        Assert.Equal(System.Net.HttpStatusCode.InternalServerError, error.HttpStatusCode);
        Assert.Null(StripeMapping.Refusal(error));
    }

    [Fact]
    public async Task A_wrong_api_key_is_not_a_refusal_of_the_request()
    {
        using var wrongKey = new GatewayFixture("sk_test_not_the_right_one");

        var error = await Assert.ThrowsAsync<StripeException>(() =>
            wrongKey.Gateway.CreatePaymentAsync(GatewayFixture.Payment(Guid.NewGuid()), CancellationToken.None));

        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, error.HttpStatusCode);
        Assert.Equal("Bearer sk_test_not_the_right_one", wrongKey.Stripe.Requests[0].Authorization);
    }

    [Fact]
    public async Task Get_of_a_paid_intent_expands_the_charge_reports_it_and_drops_the_client_secret()
    {
        var created = await _f.Gateway.CreatePaymentAsync(GatewayFixture.Payment(Guid.NewGuid(), 3_000), CancellationToken.None);
        var chargeId = _f.Stripe.SucceedPayment(created.PaymentId);

        var payment = await _f.Gateway.GetPaymentAsync(created.PaymentId, CancellationToken.None);

        var sent = Assert.Single(_f.Stripe.RequestsTo("GET", "/v1/payment_intents/" + created.PaymentId));
        Assert.Equal("latest_charge", sent.Form["expand[0]"]);
        Assert.Equal(CardPaymentStatus.Succeeded, payment.Status);
        Assert.Equal(3_000, payment.AmountReceivedCents);
        Assert.Equal(chargeId, payment.ChargeId);
        Assert.Null(payment.ClientSecret);
    }

    [Fact]
    public async Task Get_of_a_declined_intent_reports_the_error_and_no_charge_to_transfer_from()
    {
        var created = await _f.Gateway.CreatePaymentAsync(GatewayFixture.Payment(Guid.NewGuid()), CancellationToken.None);
        _f.Stripe.FailPayment(created.PaymentId, "Your card has insufficient funds.");

        var payment = await _f.Gateway.GetPaymentAsync(created.PaymentId, CancellationToken.None);

        Assert.Equal(CardPaymentStatus.RequiresPaymentMethod, payment.Status);
        Assert.Null(payment.ChargeId);
        Assert.Equal("Your card has insufficient funds.", payment.FailureMessage);
        Assert.NotNull(payment.ClientSecret);
    }

    [Fact]
    public async Task Get_of_an_unknown_intent_is_an_invalid_request_answered_404()
    {
        var refusal = await Assert.ThrowsAsync<CardGatewayException>(() => _f.Gateway.GetPaymentAsync("pi_missing", CancellationToken.None));

        Assert.Equal(CardGatewayRejection.InvalidRequest, refusal.Rejection);
        Assert.Equal("resource_missing", refusal.Code);
        Assert.Equal(404, StripeProblems.From(refusal).StatusCode);
    }

    [Fact]
    public async Task An_empty_idempotency_key_is_refused_before_anything_is_sent()
    {
        await Assert.ThrowsAsync<ArgumentException>(() =>
            _f.Gateway.CreatePaymentAsync(GatewayFixture.Payment(Guid.NewGuid(), key: " "), CancellationToken.None));

        Assert.Empty(_f.Stripe.Requests);
    }
}
