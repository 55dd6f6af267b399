using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SolidarityMarket.Web.Api;
using SolidarityMarket.Web.Vendors;

namespace SolidarityMarket.Web.Pages.Me.Vendors;

/// <summary>
/// Adds a draft listing to a vendor (<c>POST /api/catalog/vendors/{id}/listings</c>). The form is shown only to whom
/// the Catalog lets see the vendor's listings; the POST is the Catalog's to refuse (404 or 403: "not found"). What was
/// typed wrong is said on the form and nothing is sent; what the Catalog refuses (400) is shown as it words it. The
/// form's one-time key goes with the listing, so the same form sent twice makes one draft.
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

        Form = ListingForm.New(Vendor!.Sector);
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

        if (fields.IdempotencyKey is null)
        {
            return Refused(400, ["This form has expired. Open “Add a listing” again."]);
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
            409 when answer.Reason == "idempotency-key-reused" => KeyReused(),
            503 => Refused(503, ["The catalog did not answer, so the listing may or may not have been saved. Sending the form again is safe: it adds the listing at most once."]),
            _ => Refused(answer.Status, MessagesOr(answer, "The catalog refused this listing.")),
        };
    }

    /// <summary>
    /// This form added a listing already and was then changed: a new key, so sending it again adds another listing on
    /// purpose rather than by a double click.
    /// </summary>
    private IActionResult KeyReused()
    {
        ModelState.Remove($"{nameof(Form)}.{nameof(ListingForm.Key)}");
        Form.Key = ListingForm.New(null).Key;
        return Refused(409, ["This form already added a listing with other details (see the vendor's listings). Send it again to add another listing with these details."]);
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
