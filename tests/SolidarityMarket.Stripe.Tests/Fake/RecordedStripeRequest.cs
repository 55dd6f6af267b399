namespace SolidarityMarket.Stripe.Tests.Fake;

/// <summary>One request the fake Stripe server received, as the client sent it.</summary>
/// <param name="Form">Form fields of a POST (<c>metadata[order_id]</c> etc.), or the query of a GET.</param>
public sealed record RecordedStripeRequest(
    string Method,
    string Path,
    IReadOnlyDictionary<string, string> Form,
    string? IdempotencyKey,
    string? Authorization,
    int Status,
    bool Replayed);
