using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SolidarityMarket.Ordering.Features.Payments;
using SolidarityMarket.Ordering.Payments;
using SolidarityMarket.Ordering.Payments.Stripe;
using SolidarityMarket.Testing;
using SolidarityMarket.Stripe.Tests.Webhooks;

namespace SolidarityMarket.Stripe.Tests.Configuration;

/// <summary>Options validation, the swap of the simulated gateway for Stripe, and a host without Stripe.</summary>
public sealed class StripeConfigurationTests
{
    private static readonly StripeOptionsValidator Validator = new();

    [Fact]
    public void No_key_at_all_is_valid_the_simulated_gateway_runs() =>
        Assert.True(Validator.Validate(null, new StripeOptions()).Succeeded);

    [Fact]
    public void A_key_with_its_webhook_secret_is_valid() =>
        Assert.True(Validator.Validate(null, new StripeOptions { SecretKey = "sk_test_x", WebhookSecret = "whsec_x" }).Succeeded);

    [Fact]
    public void A_key_without_a_webhook_secret_is_refused_with_a_message_naming_the_setting()
    {
        var result = Validator.Validate(null, new StripeOptions { SecretKey = "sk_test_x" });

        Assert.True(result.Failed);
        Assert.Contains("Stripe:WebhookSecret", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("pk_test_publishable", "usd", null)]
    [InlineData("sk_test_x", "USD", null)]
    [InlineData("sk_test_x", "eur", null)]
    [InlineData("sk_test_x", "jpy", null)]
    [InlineData("sk_test_x", "usd", "not a url")]
    public void A_publishable_key_a_bad_currency_or_a_relative_api_base_is_refused(string key, string currency, string? apiBase) =>
        Assert.True(Validator.Validate(null, new StripeOptions { SecretKey = key, WebhookSecret = "whsec_x", Currency = currency, ApiBase = apiBase }).Failed);

    [Fact]
    public void With_a_key_Stripe_replaces_the_simulated_gateway_registered_before_it()
    {
        using var host = Build(new() { ["Stripe:SecretKey"] = "sk_test_x", ["Stripe:WebhookSecret"] = "whsec_x", ["Stripe:ApiBase"] = "http://127.0.0.1:9" });

        Assert.IsType<StripeCardGateway>(host.Services.GetRequiredService<ICardPaymentGateway>());
        Assert.Single(host.Services.GetServices<ICardPaymentGateway>());
    }

    [Fact]
    public void Without_a_key_the_simulated_gateway_stays()
    {
        using var host = Build([]);

        Assert.IsType<SimulatedGatewayStandIn>(host.Services.GetRequiredService<ICardPaymentGateway>());
    }

    [Fact]
    public async Task A_host_with_a_key_but_no_webhook_secret_does_not_start()
    {
        await using var factory = new MarketplaceFactory(new() { ["Modules"] = "Ordering", ["Stripe:SecretKey"] = "sk_test_x" });

        var error = factory.StartupFailure();

        Assert.Contains("Stripe:WebhookSecret", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_Stripe_the_webhook_answers_404_problem_and_stores_nothing()
    {
        await using var factory = new MarketplaceFactory(new() { ["Modules"] = "Ordering", ["Logging:LogLevel:Default"] = "Warning" });
        var payload = StripeEvents.Build("evt_unconfigured", "payment_intent.succeeded", new() { ["id"] = "pi_x", ["object"] = "payment_intent" }, DateTimeOffset.UtcNow);
        using var request = new HttpRequestMessage(HttpMethod.Post, StripeWebhook.Route) { Content = new StringContent(payload) };
        request.Headers.Add("Stripe-Signature", StripeEvents.Sign(payload, DateTimeOffset.UtcNow));

        var response = await factory.CreateClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.EndsWith("/stripe-not-configured", (await response.Content.ReadFromJsonAsync<ProblemDetails>())!.Type, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_OpenAPI_document_still_builds_and_lists_the_webhook()
    {
        await using var factory = new MarketplaceFactory(new() { ["Modules"] = "Ordering", ["Logging:LogLevel:Default"] = "Warning" });

        var document = await factory.CreateClient().GetStringAsync("/openapi/v1.json");

        Assert.Contains("\"/api/payments/stripe/webhook\"", document, StringComparison.Ordinal);
    }

    /// <summary>A bare host with a stand-in for the core's simulated gateway registered first, then Stripe's set-up.</summary>
    private static IHost Build(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddSingleton<ICardPaymentGateway, SimulatedGatewayStandIn>();
        StripePayments.Add(builder);
        return builder.Build();
    }

    /// <summary>TEST DOUBLE standing in for the Ordering core's simulated gateway (registered before Stripe's set-up); never called.</summary>
    private sealed class SimulatedGatewayStandIn : ICardPaymentGateway
    {
        public string Name => "simulated";

        public Task<CardPayment> CreatePaymentAsync(CardPaymentRequest request, CancellationToken ct) => throw new NotSupportedException();

        public Task<CardPayment> CancelPaymentAsync(string paymentId, string idempotencyKey, CancellationToken ct) => throw new NotSupportedException();

        public Task<CardPayment> ChangePaymentAmountAsync(string paymentId, long amountCents, string idempotencyKey, CancellationToken ct) => throw new NotSupportedException();

        public Task<CardPayment> GetPaymentAsync(string paymentId, CancellationToken ct) => throw new NotSupportedException();

        public Task<CardCharge> GetChargeAsync(string chargeId, CancellationToken ct) => throw new NotSupportedException();

        public Task<CardRefundState> GetRefundAsync(string refundId, CancellationToken ct) => throw new NotSupportedException();

        public Task<VendorTransfer> TransferToVendorAsync(VendorTransferRequest request, CancellationToken ct) => throw new NotSupportedException();

        public Task<VendorTransfer?> FindTransferAsync(Guid checkoutId, Guid orderId, CancellationToken ct) => throw new NotSupportedException();

        public Task<CardRefund> RefundAsync(CardRefundRequest request, CancellationToken ct) => throw new NotSupportedException();

        public Task<ConnectedAccount> CreateConnectedAccountAsync(ConnectedAccountRequest request, CancellationToken ct) => throw new NotSupportedException();

        public Task<Uri> CreateOnboardingLinkAsync(string accountId, Uri refreshUrl, Uri returnUrl, CancellationToken ct) => throw new NotSupportedException();

        public Task<ConnectedAccount> GetConnectedAccountAsync(string accountId, CancellationToken ct) => throw new NotSupportedException();

        public IAsyncEnumerable<BalanceTransactionLine> ListBalanceTransactionsAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken ct) =>
            throw new NotSupportedException();
    }
}
