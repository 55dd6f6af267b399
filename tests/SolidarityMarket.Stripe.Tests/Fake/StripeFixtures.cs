using System.Text.Json.Nodes;

namespace SolidarityMarket.Stripe.Tests.Fake;

/// <summary>
/// Stripe's published example objects (Fixtures/fixtures3.json, copied from Stripe's OpenAPI repository, MIT): the
/// fake server and the webhook tests start every object from one of them, so Stripe.net parses realistic JSON.
/// </summary>
public static class StripeFixtures
{
    private static readonly Lazy<JsonObject> Resources = new(() =>
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Fixtures", "fixtures3.json");
        var root = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        return root["resources"]!.AsObject();
    });

    /// <summary>A fresh, independent copy of the example object of <paramref name="resource"/> (e.g. <c>payment_intent</c>).</summary>
    public static JsonObject Example(string resource) =>
        Resources.Value[resource]?.DeepClone().AsObject() ?? throw new ArgumentException($"fixtures3.json has no '{resource}'.", nameof(resource));
}
