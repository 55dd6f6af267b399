using Microsoft.AspNetCore.Mvc;
using SolidarityMarket.Web.Admin;
using SolidarityMarket.Web.Orders;

namespace SolidarityMarket.Web.Pages.Admin;

/// <summary>
/// The orders that need an administrator: the open disputes, oldest first and paged (<c>GET /api/ordering/disputes</c>),
/// and the attention list (<c>GET /api/ordering/attention</c>: refused settlements, overdue disputes, expiring holds),
/// each leading to the order's page, where it is decided. One list that does not answer does not hide the other.
/// </summary>
public sealed class OrdersModel(OrderAdminClient ordering) : AdminPage
{
    /// <summary>The page of disputes asked for, as typed (<see cref="PageLinks.Read"/>).</summary>
    [FromQuery(Name = "page")]
    public string? PageAsked { get; set; }

    public DisputeList? Disputes { get; private set; }

    public AttentionList? Attention { get; private set; }

    public PageLinks? Pages => Disputes is { } d ? new PageLinks(d.Page, d.PageSize, d.Total, "disputes", NewestFirst: false) : null;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var disputes = ordering.DisputesAsync(PageLinks.Read(PageAsked), ct);
        var attention = ordering.AttentionAsync(ct);
        var (disputed, listed) = (await disputes, await attention);
        if (disputed.Value is null && Fail(disputed, "The disputes could not be found.", "Ordering") is { } signIn)
        {
            return signIn;
        }

        var disputeErrors = Errors;
        if (listed.Value is null && Fail(listed, "The attention list could not be found.", "Ordering") is { } again)
        {
            return again;
        }

        Errors = [.. disputeErrors, .. Errors.Except(disputeErrors)];
        (Disputes, Attention) = (disputed.Value, listed.Value);
        return Page();
    }

    public static string KindText(string kind) => kind switch
    {
        "settlement-rejected" => "Settlement refused",
        "dispute-overdue" => "Dispute overdue",
        "hold-expiring" => "Credit hold expiring",
        _ => kind,
    };
}
