using Microsoft.AspNetCore.Mvc;
using SolidarityMarket.Web.Api;
using SolidarityMarket.Web.Orders;

namespace SolidarityMarket.Web.Pages.Me;

/// <summary>
/// The buyer's newest orders with their state, and the buyer's actions: cancel before fulfilment, dispute before
/// completion, confirm receipt once fulfilled. Ordering decides what is allowed in which state; a refusal is shown with its reason.
/// </summary>
public sealed class OrdersModel(OrderingClient ordering) : MemberPage
{
    public const int Shown = 50;

    /// <summary>The buyer's actions the page offers, by the API's name for each.</summary>
    public static readonly IReadOnlyDictionary<string, string> Actions = new Dictionary<string, string>
    {
        ["cancel"] = "Cancel the order", ["confirm-receipt"] = "Confirm receipt", ["dispute"] = "Dispute",
    };

    public IReadOnlyList<OrderView> Orders { get; private set; } = [];

    [TempData]
    public string? Notice { get; set; }

    /// <summary>What the buyer may ask of an order in <paramref name="status"/> (Ordering checks it again).</summary>
    public static IEnumerable<string> ActionsFor(string status) => status switch
    {
        "Submitted" or "StockReserved" or "PaymentPending" => ["cancel"],
        "Paid" => ["cancel", "dispute"],
        "Fulfilled" => ["confirm-receipt", "dispute"],
        _ => [],
    };

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var answer = await ordering.MyOrdersAsync(Shown, ct);
        if (answer.Value is null)
        {
            return Fail(answer, "Your orders could not be found.", "Ordering") ?? Page();
        }

        Orders = answer.Value;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, string? action, string? reason, CancellationToken ct)
    {
        if (action is null || !Actions.ContainsKey(action))
        {
            return await RefusedAsync(ApiAnswer.Failed<OrderView>(400, ["Choose what to do with the order."]), ct);
        }

        var answer = await ordering.ActAsync(id, action, reason?.Trim() ?? "", ct);
        if (answer.Value is { } order)
        {
            Notice = $"The order is now {order.Status}.";
            return RedirectToPage();
        }

        return answer.Status == 401 ? SignInAgain() : await RefusedAsync(answer, ct);
    }

    private async Task<IActionResult> RefusedAsync(ApiAnswer<OrderView> answer, CancellationToken ct)
    {
        var page = await OnGetAsync(ct);
        Errors = answer.Status switch
        {
            503 => ["Ordering is not answering at the moment. Please try again in a little while."],
            404 => ["There is no order of yours with that number."],
            _ => answer.Errors.Count > 0 ? answer.Errors : ["Ordering refused this."],
        };
        Response.StatusCode = answer.Status is >= 400 and < 500 ? answer.Status : 503;
        return page;
    }
}
