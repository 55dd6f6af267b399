using Microsoft.AspNetCore.Mvc;
using SolidarityMarket.Web.Api;
using SolidarityMarket.Web.Orders;
using SolidarityMarket.Web.Vendors;

namespace SolidarityMarket.Web.Pages.Me.Vendors;

/// <summary>
/// A vendor's orders for its staff (<c>GET /api/ordering/vendors/{id}/orders</c>: 404 to anyone else, shown as "not
/// found"): first the paid ones to fulfil, oldest first — the fulfilment deadline cancels those first, so they must
/// never fall off the page behind newer orders — with Fulfil on each (<c>POST /api/ordering/orders/{id}/fulfil</c>);
/// then the newest orders in every state. Fulfil acts only on an order the page lists as this vendor's to fulfil.
/// </summary>
public sealed class VendorOrdersModel(VendorClient vendors) : VendorPage
{
    public const int Recent = 50;

    [FromRoute]
    public Guid Id { get; set; }

    public ManagedVendor? Vendor { get; private set; }

    /// <summary>Paid orders, oldest first.</summary>
    public IReadOnlyList<OrderView>? ToFulfil { get; private set; }

    /// <summary>The newest orders in every state.</summary>
    public IReadOnlyList<OrderView>? Orders { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var toFulfil = await vendors.OrdersToFulfilAsync(Id, ct);
        if (toFulfil.Value is null)
        {
            return NotShown(toFulfil, VendorListingsModel.NotYours) ?? Page();
        }

        var recent = await vendors.RecentOrdersAsync(Id, Recent, ct);
        if (recent.Value is null)
        {
            return NotShown(recent, VendorListingsModel.NotYours) ?? Page();
        }

        (ToFulfil, Orders) = (toFulfil.Value, recent.Value);
        Vendor = (await vendors.VendorAsync(Id, ct)).Value ?? new ManagedVendor(Id, "your vendor", "", "", "");
        return Page();
    }

    public async Task<IActionResult> OnPostFulfilAsync(Guid orderId, CancellationToken ct)
    {
        var listed = await vendors.OrdersToFulfilAsync(Id, ct);
        if (listed.Value is null || listed.Value.All(o => o.Id != orderId))
        {
            // Not this vendor's paid order (already fulfilled, cancelled, another vendor's): nothing is sent.
            return await RefusedAsync(listed.Value is null ? ApiAnswer.Failed<OrderView>(listed.Status) : ApiAnswer.Failed<OrderView>(409), ct);
        }

        var answer = await vendors.FulfilAsync(orderId, ct);
        if (answer.Value is not null)
        {
            Notice = $"Order {orderId} is marked fulfilled.";
            return RedirectToPage(new { id = Id });
        }

        return await RefusedAsync(answer, ct);
    }

    private async Task<IActionResult> RefusedAsync(ApiAnswer<OrderView> answer, CancellationToken ct)
    {
        if (answer.Status == 401)
        {
            return SignInAgain();
        }

        var page = await OnGetAsync(ct);
        if (Orders is null)
        {
            return page;
        }

        Errors = answer.Status switch
        {
            503 => ["Ordering did not answer, so the order may or may not be marked fulfilled: its state is shown below."],
            409 when answer.Errors.Count == 0 => ["This order is not among this vendor's paid orders: it may already be fulfilled or cancelled."],
            403 => ["Only the vendor's staff fulfil its orders."],
            404 => ["There is no order of this vendor with that number."],
            _ => MessagesOr(answer, "Ordering refused this."),
        };
        Response.StatusCode = answer.Status is >= 400 and < 500 ? answer.Status : 503;
        return page;
    }
}
