using Microsoft.Extensions.Options;
using SolidarityMarket.Ordering.Payments;
using SolidarityMarket.Ordering.Payments.Stripe;
using SolidarityMarket.Stripe.Tests.Fake;

namespace SolidarityMarket.Stripe.Tests.Gateway;

/// <summary>The real Stripe.net client, built exactly as the host builds it, pointed at a fresh fake Stripe server.</summary>
public sealed class GatewayFixture : IDisposable
{
    public FakeStripeServer Stripe { get; } = new();

    public ICardPaymentGateway Gateway { get; }

    public GatewayFixture(string apiKey = FakeStripeServer.SecretKey)
    {
        var options = new StripeOptions { SecretKey = apiKey, WebhookSecret = "whsec_test", ApiBase = Stripe.Url };
        Gateway = new StripeCardGateway(StripePayments.CreateClient(options), Options.Create(options));
    }

    public static CardPaymentRequest Payment(Guid checkoutId, long amountCents = 4_250, string? key = null) => new(
        checkoutId,
        amountCents,
        "usd",
        key ?? $"checkout-{checkoutId}-payment",
        "Solidarity Market checkout",
        new Dictionary<string, string> { ["checkout_id"] = checkoutId.ToString(), ["order_ids"] = "o1,o2" });

    /// <summary>A checkout paid in full, and a co-op's connected account ready to receive a transfer.</summary>
    public async Task<(CardPayment Payment, string ChargeId, string AccountId)> PaidCheckoutAsync(Guid checkoutId, long amountCents)
    {
        var payment = await Gateway.CreatePaymentAsync(Payment(checkoutId, amountCents), CancellationToken.None);
        var chargeId = Stripe.SucceedPayment(payment.PaymentId);
        var account = await Gateway.CreateConnectedAccountAsync(new ConnectedAccountRequest(Guid.NewGuid(), "coop@test.coop", "US", $"vendor-{Guid.NewGuid()}"), CancellationToken.None);
        Stripe.EnableAccount(account.AccountId);
        return (payment, chargeId, account.AccountId);
    }

    public void Dispose() => Stripe.Dispose();
}
