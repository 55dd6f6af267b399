using Microsoft.Extensions.Logging;
using SolidarityMarket.Web.Api;
using SolidarityMarket.Web.Members;
using SolidarityMarket.Web.Orders;
using static SolidarityMarket.Web.Members.MemberApi;

namespace SolidarityMarket.Web.Vendors;

/// <summary>
/// The Catalog and Ordering APIs as a vendor's staff use them from their pages, with the member's own bearer token
/// (<see cref="MemberApi"/>). The APIs decide who manages which vendor: a vendor the member is not staff of answers
/// 404 (or 403), and the pages show that as "not found".
/// </summary>
public sealed class VendorClient(HttpClient http, MemberApi api, ILogger<VendorClient> logger)
    : MemberApiClient(http, api, logger)
{
    /// <summary>The most listings or orders one page shows; the APIs' own upper bound for a page.</summary>
    public const int Shown = 200;

    public Task<ApiAnswer<List<ManagedVendor>>> MyVendorsAsync(CancellationToken ct) =>
        SendAsync<List<ManagedVendor>>(() => Get("api/catalog/my/vendors"), ct);

    /// <summary>Registers a vendor with the member as its staff; the form's key makes a form sent twice register one vendor (the first answered again).</summary>
    public Task<ApiAnswer<ManagedVendor>> RegisterVendorAsync(VendorRegistration registration, CancellationToken ct) =>
        SendAsync<ManagedVendor>(() => Post("api/catalog/vendors", registration), ct);

    /// <summary>Whether buyers may pay the vendor by card, and why not (Ordering's copy of the vendor; 404 until Ordering has heard of it).</summary>
    public Task<ApiAnswer<VendorPaymentOptions>> PaymentOptionsAsync(Guid vendorId, CancellationToken ct) =>
        SendAsync<VendorPaymentOptions>(() => Get($"api/ordering/vendors/{vendorId}/payment-options"), ct);

    /// <summary>Creates the vendor's card-payment account once and a fresh onboarding link; 404 unless the member is its staff, 503 when the provider is down.</summary>
    public Task<ApiAnswer<PaymentOnboarding>> SetUpCardPaymentsAsync(Guid vendorId, CancellationToken ct) =>
        SendAsync<PaymentOnboarding>(() => Post($"api/ordering/vendors/{vendorId}/payment-account", new { }), ct);

    /// <summary>The vendor's public profile (its name and sector for the pages' headings; the listings decide access).</summary>
    public Task<ApiAnswer<ManagedVendor>> VendorAsync(Guid vendorId, CancellationToken ct) =>
        SendAsync<ManagedVendor>(() => Get($"api/catalog/vendors/{vendorId}"), ct);

    /// <summary>The vendor's listings in every status, newest first (the first <paramref name="take"/>); 404 unless the member manages the vendor.</summary>
    public Task<ApiAnswer<List<ManagedListing>>> ListingsAsync(Guid vendorId, int take, CancellationToken ct) =>
        SendAsync<List<ManagedListing>>(() => Get($"api/catalog/vendors/{vendorId}/listings?pageSize={take}"), ct);

    /// <summary>One listing; a published one answers anyone, so a page that edits also asks <see cref="ListingsAsync"/> whether the member manages its vendor.</summary>
    public Task<ApiAnswer<ManagedListing>> ListingAsync(Guid id, CancellationToken ct) =>
        SendAsync<ManagedListing>(() => Get($"api/catalog/listings/{id}"), ct);

    /// <summary>Adds a draft; the form's key makes a form sent twice add one draft (the first answered again), a changed form sent with it a 409.</summary>
    public Task<ApiAnswer<ManagedListing>> CreateListingAsync(Guid vendorId, ListingFields fields, CancellationToken ct) =>
        SendAsync<ManagedListing>(() => Post($"api/catalog/vendors/{vendorId}/listings", fields), ct);

    /// <summary>Replaces the fields; 409 when the listing changed since <see cref="ListingFields.Version"/> was read.</summary>
    public Task<ApiAnswer<ManagedListing>> UpdateListingAsync(Guid id, ListingFields fields, CancellationToken ct) =>
        SendAsync<ManagedListing>(() => Put($"api/catalog/listings/{id}", fields), ct);

    public Task<ApiAnswer<ManagedListing>> PublishAsync(Guid id, CancellationToken ct) =>
        SendAsync<ManagedListing>(() => Post($"api/catalog/listings/{id}/publish", new { }), ct);

    public Task<ApiAnswer<ManagedListing>> ArchiveAsync(Guid id, CancellationToken ct) =>
        SendAsync<ManagedListing>(() => Post($"api/catalog/listings/{id}/archive", new { }), ct);

    /// <summary>
    /// The vendor's paid orders, oldest first — the ones to fulfil, and the ones the fulfilment deadline cancels
    /// first — the first <see cref="Shown"/>; 404 unless the member is its staff.
    /// </summary>
    public Task<ApiAnswer<List<OrderView>>> OrdersToFulfilAsync(Guid vendorId, CancellationToken ct) =>
        SendAsync<List<OrderView>>(() => Get($"api/ordering/vendors/{vendorId}/orders?status=Paid&order=oldest&take={Shown}"), ct);

    /// <summary>The vendor's newest orders in every state.</summary>
    public Task<ApiAnswer<List<OrderView>>> RecentOrdersAsync(Guid vendorId, int take, CancellationToken ct) =>
        SendAsync<List<OrderView>>(() => Get($"api/ordering/vendors/{vendorId}/orders?take={take}"), ct);

    /// <summary>Marks a paid order shipped, delivered or rendered (the order's status decides whether it may be).</summary>
    public Task<ApiAnswer<OrderView>> FulfilAsync(Guid orderId, CancellationToken ct) =>
        SendAsync<OrderView>(() => Post($"api/ordering/orders/{orderId}/fulfil", new { }), ct);
}
