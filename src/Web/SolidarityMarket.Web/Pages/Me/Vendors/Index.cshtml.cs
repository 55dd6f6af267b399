using Microsoft.AspNetCore.Mvc;
using SolidarityMarket.Web.Vendors;

namespace SolidarityMarket.Web.Pages.Me.Vendors;

/// <summary>The vendors the member is on the staff of (<c>GET /api/catalog/my/vendors</c>), each a way into its listings and orders.</summary>
public sealed class VendorsModel(VendorClient vendors) : VendorPage
{
    public IReadOnlyList<ManagedVendor> Vendors { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var answer = await vendors.MyVendorsAsync(ct);
        if (answer.Value is null)
        {
            return NotShown(answer, "Your vendors could not be found.") ?? Page();
        }

        Vendors = answer.Value;
        return Page();
    }
}
