using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SolidarityMarket.Web.Api;
using SolidarityMarket.Web.Vendors;

namespace SolidarityMarket.Web.Pages.Me.Vendors;

/// <summary>
/// Changes a listing (<c>PUT /api/catalog/listings/{id}</c>). A published listing is readable by anyone, so the form is
/// shown only once the vendor's listings (<c>GET /vendors/{id}/listings</c>) say the member manages it; the PUT is the
/// Catalog's to refuse as well. The form carries the version it was read at (ADR 0017): if the listing changed since —
/// an order took stock, someone else saved — the Catalog answers 409 and nothing is saved, and the form is shown again
/// as the listing is now, so a stock read before an order is never written back over it.
/// </summary>
public sealed class EditListingModel(VendorClient vendors) : VendorPage
{
    public const string NotYours = "There is no listing of yours at this address.";

    [FromRoute]
    public Guid Id { get; set; }

    [BindProperty]
    public ListingForm Form { get; set; } = new();

    public ManagedListing? Listing { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } failed)
        {
            return failed;
        }

        Form = ListingForm.From(Listing!);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } failed)
        {
            return failed;
        }

        if (!Form.TryRead(out var fields, out var errors))
        {
            return Refused(400, errors);
        }

        var answer = await vendors.UpdateListingAsync(Id, fields, ct);
        if (answer.Value is { } saved)
        {
            Notice = $"“{saved.Title}” is saved.";
            return RedirectToPage("Listings", new { id = saved.VendorId });
        }

        return answer.Status switch
        {
            401 or 403 or 404 => Gone(answer),
            409 => await ChangedMeanwhileAsync(fields, ct),
            503 => Refused(503, ["The catalog did not answer, so the change may or may not have been saved. Sending this form again is safe: it cannot save over a newer change."]),
            _ => Refused(answer.Status, MessagesOr(answer, "The catalog refused this change.")),
        };
    }

    /// <summary>
    /// The listing as it is now, in place of the refused edit: the member reapplies the change to current values. If it
    /// already holds exactly what was sent — the same form saved a moment ago (a double click), or the same change made
    /// elsewhere — nothing is lost: it reads as saved. Not when the form changed the stock or capacity: orders move the
    /// stock too, so a match there may be orders having taken it to the typed number, with the vendor's own correction
    /// (units sold elsewhere) never applied; the conflict is shown.
    /// </summary>
    private async Task<IActionResult> ChangedMeanwhileAsync(ListingFields sent, CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } failed)
        {
            return failed;
        }

        if (!Form.ChangesQuantity && Holds(Listing!, sent))
        {
            Notice = $"“{Listing!.Title}” is saved.";
            return RedirectToPage("Listings", new { id = Listing.VendorId });
        }

        // The form shows posted values over the model's: without this it would show (and send) the refused edit again.
        ModelState.Clear();
        Form = ListingForm.From(Listing!);
        return Refused(409, ["This listing changed after you opened it (an order may have taken stock, or someone else saved it), so your changes were not saved. The form now shows the listing as it is: make your change again."]);
    }

    private static bool Holds(ManagedListing listing, ListingFields sent) =>
        (listing.Title, listing.Description, listing.Sector, listing.Category, listing.Unit, listing.PriceCents, listing.PriceCredits, listing.Stock, listing.Capacity)
            == (sent.Title, sent.Description, sent.Sector, sent.Category, sent.Unit, sent.PriceCents, sent.PriceCredits, sent.Stock, sent.Capacity)
        && string.Equals(listing.Kind, sent.Kind, StringComparison.OrdinalIgnoreCase);

    /// <summary>Refused as not the member's (or the session ended) after the page was shown: no form to send again.</summary>
    private IActionResult Gone(ApiAnswer<ManagedListing> answer)
    {
        Listing = null;
        return NotShown(answer, NotYours) ?? Page();
    }


    /// <summary>The listing, once its vendor's listings say the member manages it; else the page's failure.</summary>
    private async Task<IActionResult?> LoadAsync(CancellationToken ct)
    {
        var listing = await vendors.ListingAsync(Id, ct);
        if (listing.Value is null)
        {
            return NotShown(listing, NotYours) ?? Page();
        }

        ApiAnswer<List<ManagedListing>> access = await vendors.ListingsAsync(listing.Value.VendorId, 1, ct);
        if (access.Value is null)
        {
            return NotShown(access, NotYours) ?? Page();
        }

        Listing = listing.Value;
        return null;
    }
}
