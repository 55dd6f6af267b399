using SolidarityMarket.Ordering.Payments;
using System.Net;
using SolidarityMarket.Ordering.Payments.Stripe;
using Stripe;

namespace SolidarityMarket.Stripe.Tests.Gateway;

public sealed class StatusMappingTests
{
    [Theory]
    [InlineData("requires_payment_method", CardPaymentStatus.RequiresPaymentMethod)]
    [InlineData("requires_confirmation", CardPaymentStatus.RequiresConfirmation)]
    [InlineData("requires_action", CardPaymentStatus.RequiresAction)]
    [InlineData("processing", CardPaymentStatus.Processing)]
    [InlineData("requires_capture", CardPaymentStatus.RequiresCapture)]
    [InlineData("succeeded", CardPaymentStatus.Succeeded)]
    [InlineData("canceled", CardPaymentStatus.Canceled)]
    public void Every_PaymentIntent_status_maps_to_its_own_state(string stripe, CardPaymentStatus expected) =>
        Assert.Equal(expected, StripeMapping.Status(stripe));

    [Fact]
    public void The_statuses_cover_the_whole_enum() =>
        Assert.Equal(7, Enum.GetValues<CardPaymentStatus>().Length);

    [Fact]
    public void An_unknown_status_throws_instead_of_guessing() =>
        Assert.Throws<InvalidOperationException>(() => StripeMapping.Status("requires_reauthorization"));
}

public sealed class RefusalMappingTests
{
    [Theory]
    [InlineData("card_error", 402, CardGatewayRejection.CardDeclined)]
    [InlineData("idempotency_error", 400, CardGatewayRejection.IdempotencyConflict)]
    [InlineData("invalid_request_error", 400, CardGatewayRejection.InvalidRequest)]
    [InlineData("invalid_request_error", 404, CardGatewayRejection.InvalidRequest)]
    public void Refusals_a_retry_cannot_fix_become_typed(string type, int status, CardGatewayRejection expected)
    {
        var refusal = StripeMapping.Refusal(new StripeException((HttpStatusCode)status, new StripeError { Type = type, Message = "m" }, "m"));

        Assert.Equal(expected, refusal?.Rejection);
        Assert.Equal(status, refusal!.ProviderStatus);
    }

    [Theory]
    [InlineData("invalid_request_error", 401)] // wrong API key: configuration, not the request
    [InlineData("invalid_request_error", 403)]
    [InlineData("invalid_request_error", 429)] // rate limited: retry later
    [InlineData("api_error", 500)]
    [InlineData(null, 502)]
    public void Everything_else_stays_an_exception_for_the_caller_to_retry(string? type, int status) =>
        Assert.Null(StripeMapping.Refusal(new StripeException((HttpStatusCode)status, type is null ? null : new StripeError { Type = type }, "m")));
}
