using SolidarityMarket.ServiceDefaults.Web;

namespace SolidarityMarket.Ordering.Payments.Stripe;

/// <summary>ProblemDetails for Stripe refusals and webhook errors, each with a stable <c>type</c>.</summary>
public static class StripeProblems
{
    /// <summary>
    /// A refusal as the API answers it: a declined card is 402 (the buyer must use another card), an invalid request
    /// 400 (404 when it names a missing object), a reused idempotency key with other parameters 409.
    /// </summary>
    public static ProblemHttpResult From(CardGatewayException refusal) => refusal.Rejection switch
    {
        CardGatewayRejection.CardDeclined => Problem(StatusCodes.Status402PaymentRequired, "card-declined", "The card was declined", refusal.Message),
        CardGatewayRejection.IdempotencyConflict => Problem(StatusCodes.Status409Conflict, "idempotency-conflict", "Conflicting retry", refusal.Message),
        _ when refusal.ProviderStatus == StatusCodes.Status404NotFound =>
            Problem(StatusCodes.Status404NotFound, "payment-object-not-found", "Not found at the payment provider", refusal.Message),
        _ => Problem(StatusCodes.Status400BadRequest, "payment-request-invalid", "The payment provider refused the request", refusal.Message),
    };

    /// <summary>
    /// Stripe could not be reached or failed on its side (5xx, rate limit, network): no refusal of the request, so
    /// an API caller should get 503 (retry later), not a 500. Refusals are <see cref="CardGatewayException"/>s.
    /// </summary>
    public static bool IsProviderOutage(Exception error) =>
        error is HttpRequestException || (error is global::Stripe.StripeException stripe && StripeMapping.Refusal(stripe) is null);

    /// <summary>The exception an endpoint throws for an outage: answered 503 with Retry-After (ServiceDefaults).</summary>
    public static ServiceUnavailableException Unavailable(Exception outage) =>
        new("The payment provider (Stripe) is unavailable right now; nothing was changed by the failed call. Try again shortly.", outage);

    public static ProblemHttpResult InvalidSignature(string detail) =>
        Problem(StatusCodes.Status400BadRequest, "invalid-webhook-signature", "The webhook could not be verified", detail);

    public static ProblemHttpResult WebhooksNotConfigured() =>
        Problem(StatusCodes.Status404NotFound, "stripe-not-configured", "Stripe webhooks are not configured",
            "This deployment has no Stripe:WebhookSecret; card payments run on the simulated gateway.");

    /// <summary>Acting on the event failed; nothing was recorded, so Stripe's retry of the same event is handled afresh.</summary>
    public static ProblemHttpResult HandlerFailed(string eventType) =>
        Problem(StatusCodes.Status503ServiceUnavailable, "webhook-handler-failed", "Temporarily unable to act on the event",
            $"Handling {eventType} failed; Stripe will deliver it again.");

    private static ProblemHttpResult Problem(int status, string code, string title, string detail) =>
        TypedResults.Problem(detail: detail, statusCode: status, title: title, type: ProblemTypes.Named(code));
}
