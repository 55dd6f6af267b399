using Microsoft.Extensions.Logging;
using SolidarityMarket.Web.Api;
using SolidarityMarket.Web.Members;
using static SolidarityMarket.Web.Members.MemberApi;

namespace SolidarityMarket.Web.Orders;

/// <summary>
/// The Ordering API as the buyer's pages use it (cart, checkout, their orders and the buyer's actions on them), with
/// the member's own token (<see cref="MemberApi"/>). The API decides what the buyer may do.
/// </summary>
public sealed class OrderingClient(HttpClient http, MemberApi api, ILogger<OrderingClient> logger)
    : MemberApiClient(http, api, logger)
{
    public Task<ApiAnswer<CartView>> CartAsync(CancellationToken ct) => SendAsync<CartView>(() => Get("api/ordering/cart"), ct);

    public Task<ApiAnswer<CartView>> SetCartLineAsync(Guid listingId, int quantity, CancellationToken ct) =>
        SendAsync<CartView>(() => Put($"api/ordering/cart/lines/{listingId}", new { quantity }), ct);

    public Task<ApiAnswer<CartView>> RemoveCartLineAsync(Guid listingId, CancellationToken ct) =>
        SendAsync<CartView>(() => Delete($"api/ordering/cart/lines/{listingId}"), ct);

    /// <summary>
    /// Places the orders for <paramref name="lines"/>, every vendor paid with credits from <paramref name="account"/>,
    /// under the key the form carried: sent twice, it is one checkout (the API answers the second as the first).
    /// </summary>
    public Task<ApiAnswer<CheckoutView>> CheckoutWithCreditsAsync(string key, IReadOnlyList<CheckoutLineForm> lines, Guid account, CancellationToken ct) =>
        SendAsync<CheckoutView>(() => Post("api/ordering/checkouts", new
        {
            idempotencyKey = key,
            lines = lines.Select(l => new { listingId = l.ListingId, quantity = l.Quantity }),
            payments = lines.Select(l => l.VendorId).Distinct().Select(vendorId => new { vendorId, method = "credits", payerAccountId = account }),
        }), ct);

    /// <summary>
    /// Places the orders for <paramref name="lines"/>, every vendor paid by card, under the key the form carried. The
    /// card payment itself comes later: once the vendors' stock is reserved, Ordering opens one payment for them all.
    /// </summary>
    public Task<ApiAnswer<CheckoutView>> CheckoutByCardAsync(string key, IReadOnlyList<CheckoutLineForm> lines, CancellationToken ct) =>
        SendAsync<CheckoutView>(() => Post("api/ordering/checkouts", new
        {
            idempotencyKey = key,
            lines = lines.Select(l => new { listingId = l.ListingId, quantity = l.Quantity }),
            payments = lines.Select(l => l.VendorId).Distinct().Select(vendorId => new { vendorId, method = "card" }),
        }), ct);

    /// <summary>One of the buyer's checkouts with its orders and card payment; 404 for anyone else's.</summary>
    public Task<ApiAnswer<CheckoutView>> CheckoutAsync(Guid id, CancellationToken ct) =>
        SendAsync<CheckoutView>(() => Get($"api/ordering/checkouts/{id}"), ct);

    /// <summary>
    /// SIMULATED gateway only: the buyer approves (<paramref name="succeed"/>) or declines their own card payment, as
    /// the card form would. No money moves; a host with a real card processor does not have this endpoint (404).
    /// </summary>
    public Task<ApiAnswer<CheckoutView>> SimulatedPaymentAsync(Guid id, bool succeed, CancellationToken ct) =>
        SendAsync<CheckoutView>(() => Post($"api/ordering/checkouts/{id}/simulated-payment", new { outcome = succeed ? "succeed" : "fail" }), ct);

    /// <summary>Whether a vendor takes card payment now (certified, and its card account can take charges).</summary>
    public Task<ApiAnswer<VendorPaymentOptions>> PaymentOptionsAsync(Guid vendorId, CancellationToken ct) =>
        SendAsync<VendorPaymentOptions>(() => Get($"api/ordering/vendors/{vendorId}/payment-options"), ct);

    /// <summary>The buyer's newest orders.</summary>
    public Task<ApiAnswer<List<OrderView>>> MyOrdersAsync(int take, CancellationToken ct) =>
        SendAsync<List<OrderView>>(() => Get($"api/ordering/orders?take={take}"), ct);

    /// <summary>One of the buyer's actions on an order: <c>cancel</c>, <c>confirm-receipt</c> or <c>dispute</c>.</summary>
    public Task<ApiAnswer<OrderView>> ActAsync(Guid orderId, string action, string reason, CancellationToken ct) =>
        SendAsync<OrderView>(() => Post($"api/ordering/orders/{orderId}/{action}", new { reason }), ct);
}
