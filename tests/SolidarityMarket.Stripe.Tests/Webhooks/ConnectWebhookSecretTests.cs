using System.Net;
using System.Net.Http.Json;
using SolidarityMarket.Ordering.Features.Payments;
using SolidarityMarket.Ordering.Payments;

namespace SolidarityMarket.Stripe.Tests.Webhooks;

/// <summary>
/// Connected accounts' events (<c>account.updated</c>) come only to a Stripe Connect endpoint, which signs with its
/// own secret: with <c>Stripe:ConnectWebhookSecret</c> set, a signature under either secret is Stripe's, and one
/// under neither is still refused.
/// </summary>
public sealed class ConnectWebhookSecretTests
{
    private const string ConnectSecret = "whsec_test_solidarity_market_connect_secret";

    [Fact]
    public async Task Account_updated_signed_with_the_connect_secret_is_handled_and_a_signature_under_neither_secret_is_refused()
    {
        await using var host = new WebhookHost(moreSettings: new Dictionary<string, string?> { ["Stripe:ConnectWebhookSecret"] = ConnectSecret });
        var account = await host.Gateway.CreateConnectedAccountAsync(new ConnectedAccountRequest(Guid.NewGuid(), null, "US", "acct-connect-key"), CancellationToken.None);
        var payload = StripeEvents.Build("evt_connect_1", "account.updated", host.Stripe.Snapshot(account.AccountId), DateTimeOffset.UtcNow);

        var foreign = await host.PostAsync(payload, StripeEvents.Sign(payload, DateTimeOffset.UtcNow, "whsec_someone_else"));
        var connect = await host.PostAsync(payload, StripeEvents.Sign(payload, DateTimeOffset.UtcNow, ConnectSecret));
        var platform = await host.PostAsync(
            StripeEvents.Build("evt_platform_1", "account.updated", host.Stripe.Snapshot(account.AccountId), DateTimeOffset.UtcNow));

        Assert.Equal(HttpStatusCode.BadRequest, foreign.StatusCode);
        Assert.Equal(HttpStatusCode.OK, connect.StatusCode);
        Assert.Equal("handled", (await connect.Content.ReadFromJsonAsync<StripeWebhook.WebhookReceipt>())!.Outcome);
        Assert.Equal(HttpStatusCode.OK, platform.StatusCode);
        Assert.Equal(2, host.Orders.CallsTo(nameof(ICardPaymentEvents.ConnectedAccountUpdatedAsync)).Count);
    }
}
