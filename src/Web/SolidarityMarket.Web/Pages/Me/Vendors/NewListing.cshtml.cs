using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SolidarityMarket.Web.Api;
using SolidarityMarket.Web.Vendors;

namespace SolidarityMarket.Web.Pages.Me.Vendors;

/// <summary>
/// Adds a draft listing to a vendor (<c>POST /api/catalog/vendors/{id}/listings</c>). The form is shown only to whom
/// the Catalog lets see the vendor's listings; the POST is the Catalog's to refuse (404 or 403: "not found"). What was
/// typed wrong is said on the form and nothing is sent; what the Catalog refuses (400) is shown as it words it.
/// </summary>
public sealed class NewListingModel(VendorClient vendors) : VendorPage
{
    [FromRoute]
    public Guid Id { get; set; }

    [BindProperty]
    public ListingForm Form { get; set; } = new();

    public ManagedVendor? Vendor { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await LoadVendorAsync(ct) is { } failed)
        {
            return failed;
        }

        Form = new ListingForm { Sector = Vendor!.Sector };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (await LoadVendorAsync(ct) is { } failed)
        {
            return failed;
        }

        if (!Form.TryRead(out var fields, out var errors))
        {
            return Refused(400, errors);
        }

        var answer = await vendors.CreateListingAsync(Id, fields with { Version = null }, ct);
        if (answer.Value is { } created)
        {
            Notice = $"“{created.Title}” is saved as a draft. Publish it to put it on sale.";
            return RedirectToPage("Listings", new { id = Id });
        }

        return answer.Status switch
        {
            401 or 403 or 404 => Gone(answer),
            503 => Refused(503, ["The catalog did not answer, so the listing may or may not have been saved. Check the vendor's listings before sending this again."]),
            _ => Refused(answer.Status, MessagesOr(answer, "The catalog refused this listing.")),
        };
    }

    /// <summary>Refused as not the member's (or the session ended) after the page was shown: no form to send again.</summary>
    private IActionResult Gone(ApiAnswer<ManagedListing> answer)
    {
        Vendor = null;
        return NotShown(answer, VendorListingsModel.NotYours) ?? Page();
    }


    /// <summary>The vendor for the heading, once its listings say the member manages it; else the page's failure.</summary>
    private async Task<IActionResult?> LoadVendorAsync(CancellationToken ct)
    {
        var access = await vendors.ListingsAsync(Id, 1, ct);
        if (access.Value is null)
        {
            return NotShown(access, VendorListingsModel.NotYours) ?? Page();
        }

        var vendor = await vendors.VendorAsync(Id, ct);
        Vendor = vendor.Value ?? new ManagedVendor(Id, "your vendor", "", "", "");
        return null;
    }
}
