using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace SolidarityMarket.Web.Catalog;

/// <summary>
/// The Catalog's public HTTP API as the pages use it (a typed HttpClient; its base address is <see cref="ApiAddress"/>).
/// Never throws for an API that is down, slow or refusing: the page shows <see cref="ApiAnswer{T}"/>'s reason instead
/// of an error page.
/// </summary>
public sealed class CatalogClient(HttpClient http, ILogger<CatalogClient> logger)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary><c>GET /api/catalog/listings{query}</c>; <paramref name="query"/> is the API's own query string.</summary>
    public Task<ApiAnswer<ListingSearchPage>> SearchAsync(string query, CancellationToken ct) =>
        GetAsync<ListingSearchPage>("api/catalog/listings" + query, ct);

    public Task<ApiAnswer<ListingDetail>> GetListingAsync(Guid id, CancellationToken ct) =>
        GetAsync<ListingDetail>($"api/catalog/listings/{id}", ct);

    public Task<ApiAnswer<VendorProfile>> GetVendorAsync(Guid id, CancellationToken ct) =>
        GetAsync<VendorProfile>($"api/catalog/vendors/{id}", ct);

    public Task<ApiAnswer<CertificationLabel>> GetCertificationLabelAsync(Guid vendorId, CancellationToken ct) =>
        GetAsync<CertificationLabel>($"api/catalog/vendors/{vendorId}/certification", ct);

    private async Task<ApiAnswer<T>> GetAsync<T>(string path, CancellationToken ct)
        where T : class
    {
        try
        {
            using var response = await http.GetAsync(new Uri(path, UriKind.Relative), ct);
            if (response.IsSuccessStatusCode)
            {
                var value = await response.Content.ReadFromJsonAsync<T>(Json, ct);
                return value is null ? ApiAnswer.Failed<T>(503) : ApiAnswer.Of(value);
            }

            if (response.StatusCode == HttpStatusCode.BadRequest)
            {
                return ApiAnswer.Failed<T>(400, await ValidationMessagesAsync(response, ct));
            }

            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                return ApiAnswer.Failed<T>(404);
            }

            logger.LogWarning("Catalog API {Path} answered {Status}", path, (int)response.StatusCode);
            return ApiAnswer.Failed<T>(503);
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException or InvalidOperationException
            || (ex is TaskCanceledException && !ct.IsCancellationRequested))
        {
            // Down, unreachable, timed out, or answering something that is not the API (a misconfigured Web:ApiBaseUrl).
            logger.LogWarning(ex, "Catalog API {Path} did not answer", path);
            return ApiAnswer.Failed<T>(503);
        }
    }

    /// <summary>The messages of a ValidationProblem (<c>errors</c>: field -> messages), or its title.</summary>
    private static async Task<IReadOnlyList<string>> ValidationMessagesAsync(HttpResponseMessage response, CancellationToken ct)
    {
        try
        {
            using var problem = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(ct), cancellationToken: ct);
            if (problem.RootElement.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Object)
            {
                return errors.EnumerateObject()
                    .SelectMany(field => field.Value.ValueKind == JsonValueKind.Array ? field.Value.EnumerateArray() : Enumerable.Empty<JsonElement>())
                    .Select(message => message.GetString() ?? "")
                    .Where(message => message.Length > 0)
                    .ToList();
            }

            return problem.RootElement.TryGetProperty("title", out var title) && title.GetString() is { } text ? [text] : [];
        }
        catch (JsonException)
        {
            return [];
        }
    }
}
