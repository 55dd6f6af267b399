namespace SolidarityMarket.Ordering.Payments.Stripe;

/// <summary>
/// The <c>Stripe</c> configuration section. Keys never live in the repository: set them in the environment
/// (<c>Stripe__SecretKey</c>, <c>Stripe__WebhookSecret</c>) or a secret store. Without a secret key the simulated
/// gateway runs and the webhook endpoint answers 404.
/// </summary>
public sealed class StripeOptions
{
    public const string Section = "Stripe";

    /// <summary>The platform's secret (<c>sk_...</c>) or restricted (<c>rk_...</c>) API key; empty = Stripe is off.</summary>
    public string? SecretKey { get; set; }

    /// <summary>The webhook endpoint's signing secret (<c>whsec_...</c>); required as soon as a key is set.</summary>
    public string? WebhookSecret { get; set; }

    /// <summary>
    /// The signing secret of the <em>Connect</em> webhook endpoint (events from the co-ops' connected accounts, such
    /// as <c>account.updated</c>), which Stripe keeps apart from the platform endpoint's. Optional: when set, an
    /// event signed under either secret is accepted (both endpoints may point at the same URL).
    /// </summary>
    public string? ConnectWebhookSecret { get; set; }

    /// <summary>The secrets a webhook signature may be made with: the platform endpoint's, then the Connect one's.</summary>
    public IEnumerable<string> WebhookSecrets() =>
        new[] { WebhookSecret, ConnectWebhookSecret }.Where(s => !string.IsNullOrWhiteSpace(s)).Select(s => s!);

    /// <summary>Where the API lives; only changed to point the real client at a local fake server in tests.</summary>
    public string? ApiBase { get; set; }

    /// <summary>Connect OAuth base; defaults to <see cref="ApiBase"/> when that is set, so a fake server gets everything.</summary>
    public string? ConnectBase { get; set; }

    /// <summary>Files API base; defaults to <see cref="ApiBase"/> when that is set.</summary>
    public string? FilesBase { get; set; }

    /// <summary>Currency of the marketplace's card payments, lower-case ISO code.</summary>
    public string Currency { get; set; } = "usd";

    /// <summary>
    /// Country (ISO 3166-1 alpha-2, upper case) of the co-ops' connected accounts. Ordering does not know a vendor's
    /// country (Catalog's is free text and not in <c>VendorRegistered</c>), so the marketplace's own country is used;
    /// checked at start-up, since Stripe would refuse every onboarding with a bad one.
    /// </summary>
    public string ConnectedAccountCountry { get; set; } = "US";

    /// <summary>How old a webhook's signed timestamp may be before it is refused as a replay (Stripe's default: 300 s).</summary>
    public int WebhookToleranceSeconds { get; set; } = 300;

    /// <summary>Whether the real Stripe gateway replaces the simulated one.</summary>
    public bool Enabled => !string.IsNullOrWhiteSpace(SecretKey);
}
