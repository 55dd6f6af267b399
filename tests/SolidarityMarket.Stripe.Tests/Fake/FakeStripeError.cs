using System.Text.Json.Nodes;

namespace SolidarityMarket.Stripe.Tests.Fake;

/// <summary>An error answer in Stripe's shape (<c>{"error": {"type", "code", "message", ...}}</c>).</summary>
public sealed record FakeStripeError(int Status, string Type, string? Code, string Message, string? DeclineCode = null)
{
    public static FakeStripeError Missing(string what, string id) =>
        new(404, "invalid_request_error", "resource_missing", $"No such {what}: '{id}'");

    public static FakeStripeError Invalid(string message, string? code = "parameter_invalid_integer") =>
        new(400, "invalid_request_error", code, message);

    public static FakeStripeError CardDeclined() =>
        new(402, "card_error", "card_declined", "Your card was declined.", "generic_decline");

    public static FakeStripeError Server() => new(500, "api_error", null, "An unknown error occurred");

    public JsonObject ToJson()
    {
        var error = new JsonObject { ["type"] = Type, ["message"] = Message };
        if (Code is not null)
        {
            error["code"] = Code;
        }

        if (DeclineCode is not null)
        {
            error["decline_code"] = DeclineCode;
        }

        return new JsonObject { ["error"] = error };
    }
}
