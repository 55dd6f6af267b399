using Microsoft.AspNetCore.Mvc;
using SolidarityMarket.Web.Members;
using SolidarityMarket.Web.Vendors;

namespace SolidarityMarket.Web.Pages.Me.Vendors;

/// <summary>
/// A member registers a co-op (or themself) as a vendor (<c>POST /api/catalog/vendors</c>) and becomes its staff.
/// The sectors offered are the ledger's exchanges (<c>GET /api/ledger/exchanges</c>: each sector is an exchange);
/// when the ledger does not answer the sector is typed and the Catalog's message says which it takes. The form's
/// one-time key goes with the registration, so the same form sent twice registers one vendor and shows it.
/// </summary>
public sealed class NewVendorModel(VendorClient vendors, LedgerClient ledger) : VendorPage
{
    [BindProperty]
    public VendorForm Form { get; set; } = new();

    /// <summary>The sectors to choose from, or null when the ledger did not say (the sector is typed then).</summary>
    public IReadOnlyList<LedgerExchange>? Sectors { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Form = VendorForm.New();
        await LoadSectorsAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        await LoadSectorsAsync(ct);
        if (!Form.TryRead(out var registration, out var errors))
        {
            return Refused(400, errors);
        }

        var answer = await vendors.RegisterVendorAsync(registration, ct);
        if (answer.Value is { } vendor)
        {
            Notice = $"“{vendor.Name}” is registered and you are its staff. Its credit account in the {vendor.Sector} exchange opens in a moment. "
                + "Next: add listings (they can be sold for credits at once). To sell by card, apply for the “Solidarity Made” label "
                + "under Certification and set up card payments under Card payments.";
            return RedirectToPage("Listings", new { id = vendor.Id });
        }

        switch (answer.Status)
        {
            case 401:
                return SignInAgain();
            case 409:
                // This form registered a vendor already and was then changed: a new key, so sending it again registers
                // another vendor on purpose rather than by a double click.
                ModelState.Remove($"{nameof(Form)}.{nameof(VendorForm.Key)}");
                Form.Key = VendorForm.New().Key;
                return Refused(409, ["This form already registered a vendor with other details (see My vendors). Send it again to register another vendor with these details."]);
            case 503:
                return Refused(503, ["The catalog did not answer, so the vendor may or may not be registered. Sending the form again is safe: it registers the vendor at most once."]);
            default:
                return Refused(answer.Status, MessagesOr(answer, "The catalog refused this registration."));
        }
    }

    private async Task LoadSectorsAsync(CancellationToken ct)
    {
        var exchanges = await ledger.ExchangesAsync(ct);
        Sectors = exchanges.Value is { Count: > 0 } list ? list : null;
    }
}
