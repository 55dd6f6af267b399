using Microsoft.AspNetCore.Mvc;
using SolidarityMarket.Web.Api;
using SolidarityMarket.Web.Orders;
using SolidarityMarket.Web.Vendors;

namespace SolidarityMarket.Web.Pages.Me.Vendors;

/// <summary>
/// A vendor's orders for its staff (<c>GET /api/ordering/vendors/{id}/orders</c>: 404 to anyone else, shown as "not
/// found"), with Fulfil on each paid one (<c>POST /api/ordering/orders/{id}/fulfil</c>). Ordering decides whether an
/// order may be fulfilled; a refusal is shown with the orders as they are now.
/// </summary>
public sealed class VendorOrdersModel(VendorClient vendors) : VendorPage
{
    [FromRoute]
    public Guid Id { get; set; }

    public ManagedVendor? Vendor { get; private set; }

    public IReadOnlyList<OrderView>? Orders { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var orders = vendors.OrdersAsync(Id, ct);
        var vendor = vendors.VendorAsync(Id, ct);
        var (ordersAnswer, vendorAnswer) = (await orders, await vendor);
        if (ordersAnswer.Value is null)
        {
            return NotShown(ordersAnswer, VendorListingsModel.NotYours) ?? Page();
        }

        Orders = ordersAnswer.Value;
        Vendor = vendorAnswer.Value ?? new ManagedVendor(Id, "your vendor", "", "", "");
        return Page();
    }

    public async Task<IActionResult> OnPostFulfilAsync(Guid orderId, CancellationToken ct)
    {
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
            return Fail(answer, "")!;
        }

        var page = await OnGetAsync(ct);
        if (Orders is null)
        {
            return page;
        }

        Errors = answer.Status switch
        {
            503 => ["Ordering did not answer, so the order may or may not be marked fulfilled: its state is shown below."],
            404 or 403 => ["There is no order of this vendor with that number."],
            _ => MessagesOr(answer, "Ordering refused this."),
        };
        Response.StatusCode = answer.Status is >= 400 and < 500 ? answer.Status : 503;
        return page;
    }
}
