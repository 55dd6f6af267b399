namespace SolidarityMarket.Web;

/// <summary>The UI's settings (section <c>Web</c>).</summary>
public sealed class WebOptions
{
    /// <summary>
    /// Where the services' public HTTP APIs answer (<c>Web:ApiBaseUrl</c>, e.g. <c>http://catalog:5081/</c>). Unset: the
    /// host's own address, which is right when the same process runs the Catalog module (the embedded default).
    /// </summary>
    public Uri? ApiBaseUrl { get; set; }

    /// <summary>
    /// Where each service's API answers when the services run in processes of their own and no gateway routes by path
    /// (<c>Web:ServiceUrls:Catalog</c>, <c>:Ordering</c>, <c>:Ledger</c>); a service not named is at
    /// <see cref="ApiBaseUrl"/>, and so is sign-in, which every process answers (<see cref="ServiceRouting"/>).
    /// </summary>
    public Dictionary<string, Uri> ServiceUrls { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Listings per search page (<c>Web:PageSize</c>, 1 to 100).</summary>
    public int PageSize { get; set; } = 20;

    /// <summary>How long a page waits for an API answer before it says the service is not answering.</summary>
    public TimeSpan ApiTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Stripe's publishable key (<c>pk_live_…</c> or <c>pk_test_…</c>; <c>Web:StripePublishableKey</c>), for the card
    /// form of a checkout paid through Stripe. Public by design (it goes to the browser), but per deployment, so it
    /// comes from configuration. Unset, such a checkout's page says card payment is not set up here.
    /// </summary>
    public string? StripePublishableKey { get; set; }
}
