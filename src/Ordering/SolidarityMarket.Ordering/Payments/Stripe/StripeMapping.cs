using Stripe;

namespace SolidarityMarket.Ordering.Payments.Stripe;

/// <summary>Stripe.net objects and errors → Ordering's provider-neutral records. Pure functions.</summary>
public static class StripeMapping
{
    /// <summary>
    /// Exactly Stripe's PaymentIntent statuses. An unknown status (a newer API) throws rather than guessing: the
    /// caller's retry or the webhook's 503 keeps the fact until the code knows it.
    /// </summary>
    public static CardPaymentStatus Status(string status) => status switch
    {
        "requires_payment_method" => CardPaymentStatus.RequiresPaymentMethod,
        "requires_confirmation" => CardPaymentStatus.RequiresConfirmation,
        "requires_action" => CardPaymentStatus.RequiresAction,
        "processing" => CardPaymentStatus.Processing,
        "requires_capture" => CardPaymentStatus.RequiresCapture,
        "succeeded" => CardPaymentStatus.Succeeded,
        "canceled" => CardPaymentStatus.Canceled,
        _ => throw new InvalidOperationException($"Unknown PaymentIntent status '{status}'."),
    };

    public static CardPayment Payment(PaymentIntent intent)
    {
        var status = Status(intent.Status);
        var finished = status is CardPaymentStatus.Succeeded or CardPaymentStatus.Canceled;

        // Only a succeeded charge can fund transfers (source_transaction); a failed attempt's charge is no ChargeId.
        // When latest_charge was not expanded the PaymentIntent's own status stands in for the charge's.
        var charge = intent.LatestCharge;
        var chargeId = charge is not null
            ? (charge.Status == "succeeded" ? charge.Id : null)
            : (status == CardPaymentStatus.Succeeded ? intent.LatestChargeId : null);

        return new CardPayment(
            intent.Id,
            status,
            intent.Amount,
            intent.AmountReceived,
            finished ? null : intent.ClientSecret,
            chargeId,
            intent.LastPaymentError?.Message,
            Metadata(intent.Metadata));
    }

    public static ConnectedAccount Account(Account account) =>
        new(account.Id, account.ChargesEnabled, account.PayoutsEnabled, Metadata(account.Metadata));

    public static BalanceTransactionLine Line(BalanceTransaction transaction) =>
        new(transaction.Id, transaction.Type, transaction.Amount, transaction.Fee, transaction.SourceId,
            new DateTimeOffset(DateTime.SpecifyKind(transaction.Created, DateTimeKind.Utc)));

    /// <summary>
    /// A refusal a retry cannot fix becomes a <see cref="CardGatewayException"/>; anything else (network, 5xx, rate
    /// limits, a wrong API key) returns null so the original exception propagates and the caller retries.
    /// </summary>
    public static CardGatewayException? Refusal(StripeException error)
    {
        var type = error.StripeError?.Type;
        var status = (int)error.HttpStatusCode;
        return type switch
        {
            "card_error" => new CardGatewayException(CardGatewayRejection.CardDeclined,
                error.StripeError!.DeclineCode ?? error.StripeError.Code, error.StripeError.Message ?? "The card was declined.", status, error),
            "idempotency_error" => new CardGatewayException(CardGatewayRejection.IdempotencyConflict,
                error.StripeError!.Code, error.StripeError.Message ?? "The idempotency key was used with other parameters.", status, error),
            "invalid_request_error" when status is >= 400 and < 500 and not 401 and not 403 and not 429 => new CardGatewayException(
                CardGatewayRejection.InvalidRequest, error.StripeError!.Code, error.StripeError.Message ?? "Invalid request.", status, error),
            _ => null,
        };
    }

    private static Dictionary<string, string> Metadata(Dictionary<string, string>? metadata) =>
        metadata is null ? [] : new Dictionary<string, string>(metadata, StringComparer.Ordinal);
}
