using Microsoft.AspNetCore.Mvc;
using SolidarityMarket.Web.Api;
using SolidarityMarket.Web.Orders;
using SolidarityMarket.Web.Vendors;

namespace SolidarityMarket.Web.Pages.Admin;

/// <summary>
/// One order for an administrator (<c>GET /api/ordering/orders/{id}</c>): lines, totals, payment method, status and its
/// history with every reason. While Disputed: the decision, Completed (the vendor keeps the money) or Refunded (the buyer
/// gets it back), with a reason the history keeps. While it has a settlement problem: clearing it, once it was settled by
/// hand, with a note. Ordering decides: it refuses (403) an administrator who is the order's buyer or on the vendor's
/// staff, and the page says another administrator must decide; any other refusal (409: no longer disputed) is shown
/// with the order as it is now. A decision made redirects back here (a GET) with what happened.
/// </summary>
public sealed class OrderModel(OrderAdminClient ordering, VendorClient vendors) : AdminPage
{
    // Ordering answers 404 to anyone who may not see the order, which includes an administrator who lost the role.
    public const string Missing = "There is no order at this address — or your account is no longer an administrator's (sign out and in again).";

    public const string NotImpartial =
        "Another administrator must decide this dispute: you are its buyer or on the vendor's staff, and nobody decides a dispute they are part of. Nothing changed.";

    public const string ReasonNeeded = "Write why you decide so: the reason goes into the order's history, for the buyer and the vendor.";

    public const string NoteNeeded = "Write how the problem was settled: the note goes into the order's history.";

    [FromRoute]
    public Guid OrderId { get; set; }

    [BindProperty]
    public DisputeOutcome? Outcome { get; set; }

    [BindProperty]
    public string? Reason { get; set; }

    [BindProperty]
    public string? Note { get; set; }

    [TempData]
    public string? Notice { get; set; }

    public AdminOrder? Order { get; private set; }

    public string VendorName { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ?? Page();

    public async Task<IActionResult> OnPostResolveAsync(CancellationToken ct)
    {
        if (Outcome is not { } outcome || !Enum.IsDefined(outcome) || string.IsNullOrWhiteSpace(Reason))
        {
            return await InvalidAsync(Outcome is null || !Enum.IsDefined(Outcome.Value) ? "Choose how the dispute ends: completed or refunded." : ReasonNeeded, ct);
        }

        var answer = await ordering.ResolveAsync(OrderId, outcome, Reason.Trim(), ct);
        return answer.Value is { } order
            ? Done(order.Status == "Refunded"
                ? $"Dispute resolved: refunded. {(order.Credits ? "The buyer's credit hold is released." : "The buyer's card payment is refunded.")}"
                : $"Dispute resolved: completed. {(order.Credits ? "The held credits are posted to the vendor." : "The vendor keeps the card payment.")}")
            : await RefusedAsync(answer, "resolved", ct);
    }

    public async Task<IActionResult> OnPostClearAsync(CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(Note))
        {
            return await InvalidAsync(NoteNeeded, ct);
        }

        var answer = await ordering.ClearSettlementProblemAsync(OrderId, Note.Trim(), ct);
        return answer.Value is not null
            ? Done("Settlement problem cleared: the order is off the attention list, and your note is in its history.")
            : await RefusedAsync(answer, "cleared", ct);
    }

    /// <summary>The form again with why it was not sent.</summary>
    private async Task<IActionResult> InvalidAsync(string error, CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } failed)
        {
            return failed;
        }

        return Refused(400, [error]);
    }

    /// <summary>The page again with the order as it is now and why nothing changed.</summary>
    private async Task<IActionResult> RefusedAsync(ApiAnswer<AdminOrder> answer, string done, CancellationToken ct)
    {
        if (answer.Status == 401)
        {
            return SignInAgain();
        }

        if (await LoadAsync(ct) is { } failed)
        {
            return failed;
        }

        Errors = answer.Status switch
        {
            // Ordering names the refusal of a party to the order (anyone else who may not see it gets 404); any other
            // 403 is the Admin policy's: the role was taken away since sign-in.
            403 when answer.Reason == "not-impartial" => [NotImpartial],
            403 => [RoleRefused],
            404 => [Missing],
            503 => [$"Ordering did not answer, so the order may or may not have been {done}: its state is shown below."],
            _ => answer.Errors.Count > 0 ? answer.Errors : [$"Ordering refused this: the order was not {done}."],
        };
        Response.StatusCode = answer.Status is >= 400 and < 500 ? answer.Status : 503;
        return Page();
    }

    private RedirectToPageResult Done(string notice)
    {
        Notice = notice;
        return RedirectToPage(new { orderId = OrderId });
    }

    private async Task<IActionResult?> LoadAsync(CancellationToken ct)
    {
        Order = null;
        var answer = await ordering.OrderAsync(OrderId, ct);
        if (answer.Value is null)
        {
            return Fail(answer, Missing, "Ordering") ?? Page();
        }

        Order = answer.Value;
        VendorName = (await vendors.VendorAsync(Order.VendorId, ct)).Value?.Name ?? $"Vendor {Order.VendorId}";
        await NamePeopleAsync((Order.History ?? []).Select(step => step.Actor).Prepend(Order.BuyerUserId), ct);
        return null;
    }
}
