using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SolidarityMarket.Web.Catalog;

namespace SolidarityMarket.Web.Pages.Listings;

/// <summary>
/// One published listing (<c>GET /api/catalog/listings/{id}</c>) with its vendor's public profile and label. A draft,
/// archived or unknown listing is 404, as the API says; the vendor's profile and label are extras the page shows
/// when they come.
/// </summary>
[AllowAnonymous]
public sealed class DetailsModel(CatalogClient catalog) : PageModel
{
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
}
