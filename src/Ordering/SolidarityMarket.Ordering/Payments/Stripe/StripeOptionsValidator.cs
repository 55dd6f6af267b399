using Microsoft.Extensions.Options;

namespace SolidarityMarket.Ordering.Payments.Stripe;

/// <summary>
/// Checked at start-up (ValidateOnStart): a half-configured Stripe must stop the process with a clear message
/// rather than take payments whose webhooks can never be verified.
/// </summary>
public sealed class StripeOptionsValidator : IValidateOptions<StripeOptions>
{
    public ValidateOptionsResult Validate(string? name, StripeOptions options)
    {
        var failures = new List<string>();
        if (options.Enabled)
        {
            if (!options.SecretKey!.StartsWith("sk_", StringComparison.Ordinal) && !options.SecretKey.StartsWith("rk_", StringComparison.Ordinal))
            {
                failures.Add("Stripe:SecretKey must be a secret (sk_...) or restricted (rk_...) key, never a publishable key.");
            }

            if (string.IsNullOrWhiteSpace(options.WebhookSecret))
            {
                failures.Add("Stripe:SecretKey is set but Stripe:WebhookSecret is not: webhooks could not be verified, so payments would never be "
                    + "confirmed. Set Stripe__WebhookSecret (whsec_..., from the dashboard or `stripe listen`).");
            }
        }

        foreach (var (key, value) in new[] { ("ApiBase", options.ApiBase), ("ConnectBase", options.ConnectBase), ("FilesBase", options.FilesBase) })
        {
            if (!string.IsNullOrWhiteSpace(value) && !Uri.TryCreate(value, UriKind.Absolute, out _))
            {
                failures.Add($"Stripe:{key} must be an absolute URL.");
            }
        }

        if (OrderingOptionsValidator.CurrencyFailure("Stripe:Currency", options.Currency) is { } currency)
        {
            failures.Add(currency);
        }

        if (options.ConnectedAccountCountry is not { Length: 2 } country || !country.All(char.IsAsciiLetterUpper))
        {
            failures.Add($"Stripe:ConnectedAccountCountry must be a two-letter upper-case ISO 3166-1 code such as US; got '{options.ConnectedAccountCountry}'.");
        }

        if (options.WebhookToleranceSeconds <= 0)
        {
            failures.Add("Stripe:WebhookToleranceSeconds must be positive.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
