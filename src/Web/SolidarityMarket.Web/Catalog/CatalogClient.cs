using Microsoft.Extensions.Logging;
using SolidarityMarket.Web.Api;

namespace SolidarityMarket.Web.Catalog;

/// <summary>
/// The Catalog's public HTTP API as the pages use it (a typed HttpClient; its base address is <see cref="ApiAddress"/>).
/// Anonymous reads only. Never throws for an API that is down, slow or refusing (<see cref="ApiCall"/>).
/// </summary>
public sealed class CatalogClient(HttpClient http, ILogger<CatalogClient> logger)
{
    /// <summary><c>GET /api/catalog/listings{query}</c>; <paramref name="query"/> is the API's own query string.</summary>
    public Task<ApiAnswer<ListingSearchPage>> SearchAsync(string query, CancellationToken ct) =>
        GetAsync<ListingSearchPage>("api/catalog/listings" + query, ct);

    public Task<ApiAnswer<ListingDetail>> GetListingAsync(Guid id, CancellationToken ct) =>
        GetAsync<ListingDetail>($"api/catalog/listings/{id}", ct);

    public Task<ApiAnswer<VendorProfile>> GetVendorAsync(Guid id, CancellationToken ct) =>
        GetAsync<VendorProfile>($"api/catalog/vendors/{id}", ct);

    public Task<ApiAnswer<CertificationLabel>> GetCertificationLabelAsync(Guid vendorId, CancellationToken ct) =>
        GetAsync<CertificationLabel>($"api/catalog/vendors/{vendorId}/certification", ct);

    private Task<ApiAnswer<T>> GetAsync<T>(string path, CancellationToken ct)
        where T : class =>
        ApiCall.SendAsync<T>(http, new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative)), logger, ct);
}
