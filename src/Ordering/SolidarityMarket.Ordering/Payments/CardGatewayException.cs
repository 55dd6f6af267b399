namespace SolidarityMarket.Ordering.Payments;

/// <summary>Why the provider refused a request that will not succeed if simply retried.</summary>
public enum CardGatewayRejection
{
    /// <summary>The card was declined (Stripe <c>card_error</c>).</summary>
    CardDeclined,

    /// <summary>The request was invalid or named something that does not exist (Stripe <c>invalid_request_error</c>).</summary>
    InvalidRequest,

    /// <summary>An idempotency key was reused with different parameters (Stripe <c>idempotency_error</c>).</summary>
    IdempotencyConflict,
}

/// <summary>
/// The provider refused the request for a reason a retry will not fix; Ordering answers it with a 4xx
/// ProblemDetails (<c>StripeProblems.From</c> for Stripe). Network failures and provider 5xx are <em>not</em> turned
/// into this: they stay exceptions, so the outbox retries the call with the same idempotency key. It belongs to the
/// gateway abstraction, not to one provider: any gateway reports a refusal this way.
/// </summary>
public sealed class CardGatewayException(CardGatewayRejection rejection, string? code, string message, int providerStatus, Exception? inner = null)
    : Exception(message, inner)
{
    public CardGatewayRejection Rejection { get; } = rejection;

    /// <summary>The provider's code (<c>card_declined</c>, <c>resource_missing</c>, ...), or the decline code when there is one.</summary>
    public string? Code { get; } = code;

    /// <summary>The HTTP status the provider answered with (402, 400, 404, ...).</summary>
    public int ProviderStatus { get; } = providerStatus;
}
