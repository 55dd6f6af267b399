using Microsoft.Extensions.Options;

namespace SolidarityMarket.Web;

/// <summary>
/// Sends each API call of the UI to the service that answers it when the services run apart: a call under
/// <c>/api/catalog/</c> goes to <c>Web:ServiceUrls:Catalog</c>, <c>/api/ordering/</c> and <c>/api/payments/</c> to
/// <c>Ordering</c>, <c>/api/ledger/</c> to <c>Ledger</c>, and <c>/admin/messaging/{service}/</c> to that service. A
/// service with no address of its own, and everything else (<c>/api/auth/</c>, which every process answers), stays at
/// <see cref="ApiAddress"/> (<c>Web:ApiBaseUrl</c>, or the host's own address). So a UI deployed alone needs either one
/// gateway that routes by path, or the three services' addresses; the embedded host needs neither.
/// </summary>
public sealed class ServiceRouting(IOptions<WebOptions> options, ApiAddress api) : DelegatingHandler
{
    public const string Catalog = "Catalog";
    public const string Ordering = "Ordering";
    public const string Ledger = "Ledger";

    public static readonly string[] Services = [Catalog, Ordering, Ledger];

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.RequestUri is { IsAbsoluteUri: true } uri && Reroute(uri, api.BaseAddress, options.Value.ServiceUrls) is { } routed)
        {
            request.RequestUri = routed;
        }

        return base.SendAsync(request, cancellationToken);
    }

    /// <summary>
    /// <paramref name="uri"/> (an address under <paramref name="apiBase"/>) at its service's own address, or null when it
    /// stays where it is.
    /// </summary>
    public static Uri? Reroute(Uri uri, Uri apiBase, IReadOnlyDictionary<string, Uri> serviceUrls)
    {
        // The path below the API base, which may have a path of its own (a gateway at http://gw/market/).
        var basePath = apiBase.AbsolutePath.TrimEnd('/');
        if (!uri.AbsolutePath.StartsWith(basePath + "/", StringComparison.Ordinal))
        {
            return null;
        }

        var relative = uri.PathAndQuery[(basePath.Length + 1)..];
        return ServiceOf(relative) is { } service && serviceUrls.TryGetValue(service, out var serviceBase)
            ? new Uri(WithSlash(serviceBase), relative)
            : null;
    }

    /// <summary>The service that answers <paramref name="relativePath"/> (no leading slash), or null for any process.</summary>
    public static string? ServiceOf(string relativePath)
    {
        foreach (var (prefix, service) in Prefixes)
        {
            if (relativePath.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                return service;
            }
        }

        return null;
    }

    private static readonly (string Prefix, string Service)[] Prefixes =
    [
        ("api/catalog/", Catalog), ("api/ordering/", Ordering), ("api/payments/", Ordering), ("api/ledger/", Ledger),
        ("admin/messaging/catalog/", Catalog), ("admin/messaging/ordering/", Ordering), ("admin/messaging/ledger/", Ledger),
    ];

    private static Uri WithSlash(Uri address) =>
        address.AbsoluteUri.EndsWith('/') ? address : new Uri(address.AbsoluteUri + "/");
}
