using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Stripe;

namespace SolidarityMarket.Ordering.Payments.Stripe;

/// <summary>
/// Stripe's part of Ordering's set-up. Call it <em>after</em> the simulated gateway is registered: when
/// <c>Stripe:SecretKey</c> is set it removes every other <see cref="ICardPaymentGateway"/> registration and puts the
/// Stripe gateway in its place (RemoveAll + Add rather than Replace, which would only swap the first of several).
/// The options are validated when the host starts, so a key without a webhook secret fails the start.
/// </summary>
public static class StripePayments
{
    public static IHostApplicationBuilder Add(IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<StripeOptions>().Bind(builder.Configuration.GetSection(StripeOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<StripeOptions>, StripeOptionsValidator>());

        var options = builder.Configuration.GetSection(StripeOptions.Section).Get<StripeOptions>() ?? new StripeOptions();
        if (!options.Enabled)
        {
            return builder;
        }

        services.TryAddSingleton<IStripeClient>(sp => CreateClient(sp.GetRequiredService<IOptions<StripeOptions>>().Value));
        services.RemoveAll<ICardPaymentGateway>();
        services.AddSingleton<ICardPaymentGateway, StripeCardGateway>();
        return builder;
    }

    /// <summary>
    /// One client for the process (it holds an HttpClient). ApiBase is only set to point at a fake server in tests;
    /// Connect and Files then default to it as well, so nothing leaks to the real Stripe from a test.
    /// </summary>
    public static StripeClient CreateClient(StripeOptions options)
    {
        var apiBase = string.IsNullOrWhiteSpace(options.ApiBase) ? StripeClient.DefaultApiBase : options.ApiBase.TrimEnd('/');
        var fake = !string.IsNullOrWhiteSpace(options.ApiBase);
        return new StripeClient(new StripeClientOptions
        {
            ApiKey = options.SecretKey,
            ApiBase = apiBase,
            ConnectBase = Pick(options.ConnectBase, fake ? apiBase : StripeClient.DefaultConnectBase),
            FilesBase = Pick(options.FilesBase, fake ? apiBase : StripeClient.DefaultFilesBase),
        });
    }

    private static string Pick(string? configured, string fallback) => string.IsNullOrWhiteSpace(configured) ? fallback : configured.TrimEnd('/');
}
