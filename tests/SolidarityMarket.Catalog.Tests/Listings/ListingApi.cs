using System.Net;
using System.Net.Http.Json;
using SolidarityMarket.Catalog.Features.Listings;
using static SolidarityMarket.Catalog.Tests.CatalogApi;

namespace SolidarityMarket.Catalog.Tests.Listings;

/// <summary>HTTP helpers for the listings API.</summary>
public static class ListingApi
{
    public static Dictionary<string, object?> Good(string title = "Sourdough loaf", long? priceCents = 650, long? priceCredits = 600, int? stock = 10) => new()
    {
        ["title"] = title,
        ["description"] = "Baked this morning with organic flour.",
        ["kind"] = "Good",
        ["sector"] = "food",
        ["category"] = "bakery",
        ["unit"] = "loaf",
        ["priceCents"] = priceCents,
        ["priceCredits"] = priceCredits,
        ["stock"] = stock,
    };

    public static Dictionary<string, object?> Service(int? capacity = null) => new()
    {
        ["title"] = "Bike repair, one hour",
        ["description"] = "At the workshop.",
        ["kind"] = "Service",
        ["sector"] = "services",
        ["category"] = "training",
        ["unit"] = "hour",
        ["priceCredits"] = 2500,
        ["capacity"] = capacity,
    };

    public static Dictionary<string, object?> With(this Dictionary<string, object?> body, string field, object? value) =>
        new(body) { [field] = value };

    public static Task<HttpResponseMessage> CreateListingAsync(this HttpClient client, Guid vendorId, object body) =>
        client.PostAsJsonAsync($"{Base}/vendors/{vendorId}/listings", body);

    public static async Task<ListingDto> CreateListingOkAsync(this HttpClient client, Guid vendorId, object? body = null)
    {
        var response = await client.CreateListingAsync(vendorId, body ?? Good());
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"create: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        var listing = (await response.Content.ReadFromJsonAsync<ListingDto>())!;
        Assert.Equal($"/api/catalog/listings/{listing.Id}", response.Headers.Location?.OriginalString);
        return listing;
    }

    /// <summary>
    /// Replaces the listing's fields as an edit form just read would: a body without <c>version</c> gets the version
    /// the client reads now (0 if it cannot read the listing — an intruder, an unknown id). Pass <c>version</c> in the
    /// body to send a stale one.
    /// </summary>
    public static async Task<HttpResponseMessage> UpdateListingAsync(this HttpClient client, Guid id, Dictionary<string, object?> body)
    {
        if (!body.ContainsKey("version"))
        {
            var read = await client.GetListingAsync(id);
            var version = read.StatusCode == HttpStatusCode.OK ? (await read.Content.ReadFromJsonAsync<ListingDto>())!.Version : 0;
            body = body.With("version", version);
        }

        return await client.PutAsJsonAsync($"{Base}/listings/{id}", body);
    }

    public static Task<HttpResponseMessage> PublishListingAsync(this HttpClient client, Guid id) =>
        client.PostAsync($"{Base}/listings/{id}/publish", null);

    public static Task<HttpResponseMessage> ArchiveListingAsync(this HttpClient client, Guid id) =>
        client.PostAsync($"{Base}/listings/{id}/archive", null);

    public static Task<HttpResponseMessage> GetListingAsync(this HttpClient client, Guid id) =>
        client.GetAsync($"{Base}/listings/{id}");

    /// <summary>A published good with <paramref name="stock"/> units, offered by a new vendor of <paramref name="staff"/>.</summary>
    public static async Task<ListingDto> PublishedGoodAsync(this HttpClient staff, Guid vendorId, int stock)
    {
        var listing = await staff.CreateListingOkAsync(vendorId, Good(stock: stock));
        return await OkAsync<ListingDto>(await staff.PublishListingAsync(listing.Id));
    }
}
