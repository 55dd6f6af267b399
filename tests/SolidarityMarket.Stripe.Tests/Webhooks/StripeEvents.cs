using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using SolidarityMarket.Stripe.Tests.Fake;
using Stripe;

namespace SolidarityMarket.Stripe.Tests.Webhooks;

/// <summary>Builds webhook events the way Stripe sends them and signs them the way Stripe signs them.</summary>
public static class StripeEvents
{
    public const string Secret = "whsec_test_solidarity_market_secret";

    /// <summary>
    /// An event around <paramref name="dataObject"/>, from Stripe's event fixture; <c>api_version</c> is the library's
    /// own (<see cref="StripeConfiguration.ApiVersion"/>), as for an endpoint pinned to it.
    /// </summary>
    public static string Build(string id, string type, JsonObject dataObject, DateTimeOffset created)
    {
        var stripeEvent = StripeFixtures.Example("event");
        stripeEvent["id"] = id;
        stripeEvent["type"] = type;
        stripeEvent["api_version"] = StripeConfiguration.ApiVersion;
        stripeEvent["created"] = created.ToUnixTimeSeconds();
        stripeEvent["data"] = new JsonObject { ["object"] = dataObject };
        stripeEvent["pending_webhooks"] = 1;
        return stripeEvent.ToJsonString();
    }

    /// <summary><c>t=timestamp,v1=hex(HMAC-SHA256(secret, "timestamp.payload"))</c>, Stripe's scheme.</summary>
    public static string Sign(string payload, DateTimeOffset at, string secret = Secret)
    {
        var timestamp = at.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp}.{payload}"));
        return $"t={timestamp},v1={Convert.ToHexStringLower(mac)}";
    }
}
