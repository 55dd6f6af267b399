using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SolidarityMarket.Web.Catalog;
using SolidarityMarket.Web.Orders;

namespace SolidarityMarket.Web.Pages.Listings;

/// <summary>
/// One published listing (<c>GET /api/catalog/listings/{id}</c>) with its vendor's public profile and label. A draft,
/// archived or unknown listing is 404, as the API says; the vendor's profile and label are extras the page shows
/// when they come. A signed-in member adds it to their cart here (a POST; anyone else is asked to sign in first).
/// </summary>
[AllowAnonymous]
public sealed class DetailsModel(CatalogClient catalog, OrderingClient ordering) : PageModel
{
    public IReadOnlyList<string> Errors { get; private set; } = [];

    [TempData]
    public string? Notice { get; set; }

    public ListingDetail? Listing { get; private set; }

    public VendorProfile? Vendor { get; private set; }

    public CertificationLabel? Label { get; private set; }

    public bool Missing { get; private set; }

    public async Task OnGetAsync(Guid id, CancellationToken ct)
    {
        var listing = await catalog.GetListingAsync(id, ct);
        if (!listing.Ok)
        {
            Missing = listing.Status is 404 or 400;
            Response.StatusCode = Missing ? 404 : 503;
            return;
        }

        Listing = listing.Value;
        var vendor = catalog.GetVendorAsync(Listing!.VendorId, ct);
        var label = catalog.GetCertificationLabelAsync(Listing.VendorId, ct);
        Vendor = (await vendor).Value;
        Label = (await label).Value;
    }

    public async Task<IActionResult> OnPostAddToCartAsync(Guid id, int quantity, CancellationToken ct)
    {
        if (User.Identity?.IsAuthenticated != true)
        {
            return SignInFirst(id);
        }

        var answer = await ordering.SetCartLineAsync(id, quantity, ct);
        if (answer.Ok)
        {
            Notice = "Added to your cart.";
            return Redirect(Url.Content("~/me/cart"));
        }

        if (answer.Status == 401)
        {
            return SignInFirst(id);
        }

        await OnGetAsync(id, ct);
        Errors = answer.Status == 503 ? ["Ordering is not answering at the moment. Please try again in a little while."]
            : answer.Errors.Count > 0 ? answer.Errors : ["This could not be added to your cart."];
        Response.StatusCode = answer.Status is >= 400 and < 500 ? answer.Status : 503;
        return Page();
    }

    /// <summary>To sign in, then back to this listing to add it again.</summary>
    private RedirectResult SignInFirst(Guid id) =>
        Redirect(Url.Content("~/signin") + "?ReturnUrl=" + Uri.EscapeDataString(Url.Content($"~/listings/{id}")));
}
