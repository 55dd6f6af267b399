using Microsoft.AspNetCore.Mvc;
using SolidarityMarket.Web.Api;
using SolidarityMarket.Web.Vendors;

namespace SolidarityMarket.Web.Pages.Me.Vendors;

/// <summary>
/// One vendor's listings in every status, for its staff (<c>GET /api/catalog/vendors/{id}/listings</c>, which answers
/// 404 to anyone else: the page then says "not found"), with Publish and Archive on each row. Repeating either is
/// harmless (the Catalog changes nothing the second time).
/// </summary>
public sealed class VendorListingsModel(VendorClient vendors) : VendorPage
{
    public const string NotYours = "There is no vendor of yours at this address.";

    [FromRoute]
    public Guid Id { get; set; }

    public ManagedVendor? Vendor { get; private set; }

    public IReadOnlyList<ManagedListing>? Listings { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var listingsAnswer = await vendors.ListingsAsync(Id, VendorClient.Shown, ct);
        if (listingsAnswer.Value is null)
        {
            return NotShown(listingsAnswer, NotYours) ?? Page();
        }

        Listings = listingsAnswer.Value;
        // The listings said the member manages the vendor; its name is only the heading's.
        Vendor = (await vendors.VendorAsync(Id, ct)).Value ?? new ManagedVendor(Id, "Your vendor", "", "", "");
        return Page();
    }

    public async Task<IActionResult> OnPostPublishAsync(Guid listingId, CancellationToken ct)
    {
        if (await NotThisVendorsAsync(listingId, ct) is { } refused)
        {
            return refused;
        }

        var answer = await vendors.PublishAsync(listingId, ct);
        return answer.Value is { } published ? Done($"“{published.Title}” is published: it is on sale.") : await RefusedAsync(answer, ct);
    }

    public async Task<IActionResult> OnPostArchiveAsync(Guid listingId, CancellationToken ct)
    {
        if (await NotThisVendorsAsync(listingId, ct) is { } refused)
        {
            return refused;
        }

        var answer = await vendors.ArchiveAsync(listingId, ct);
        return answer.Value is { } archived ? Done($"“{archived.Title}” is archived: it is no longer on sale.") : await RefusedAsync(answer, ct);
    }

    /// <summary>
    /// Acts only on a listing of the vendor this page is about: a member on two vendors' staff, or an administrator,
    /// posting another vendor's listing here would otherwise change it under this vendor's heading.
    /// </summary>
    private async Task<IActionResult?> NotThisVendorsAsync(Guid listingId, CancellationToken ct)
    {
        var listing = await vendors.ListingAsync(listingId, ct);
        return listing.Value?.VendorId == Id ? null
            : await RefusedAsync(listing.Value is null ? ApiAnswer.Failed<ManagedListing>(listing.Status) : ApiAnswer.Failed<ManagedListing>(404), ct);
    }

    private RedirectToPageResult Done(string notice)
    {
        Notice = notice;
        return RedirectToPage(new { id = Id });
    }

    /// <summary>The page again with why nothing changed, or sign in.</summary>
    private async Task<IActionResult> RefusedAsync(ApiAnswer<ManagedListing> answer, CancellationToken ct)
    {
        if (answer.Status == 401)
        {
            return SignInAgain();
        }

        var page = await OnGetAsync(ct);
        if (Listings is null)
        {
            return page;
        }

        Errors = answer.Status switch
        {
            503 => ["The catalog did not answer, so the listing may or may not have changed: its state is shown below."],
            404 or 403 => ["There is no listing of this vendor with that number."],
            409 => ["The listing changed at the same time (an order, or another edit). Its state is shown below: try again if it is still needed."],
            _ => MessagesOr(answer, "The catalog refused this."),
        };
        Response.StatusCode = answer.Status is >= 400 and < 500 ? answer.Status : 503;
        return page;
    }
}
