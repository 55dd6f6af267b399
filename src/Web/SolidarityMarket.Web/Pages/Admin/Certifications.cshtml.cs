using Microsoft.AspNetCore.Mvc;
using SolidarityMarket.Web.Certification;
using SolidarityMarket.Web.Pages.Me;
using SolidarityMarket.Web.Vendors;

namespace SolidarityMarket.Web.Pages.Admin;

/// <summary>
/// The "Solidarity Made" applications waiting for a decision, oldest first (<c>GET /api/catalog/certification/applications</c>,
/// administrators only), each with its vendor's name (<c>GET /api/catalog/vendors/{id}</c>) and a way to its page.
/// </summary>
public sealed class CertificationsModel(CertificationClient certification, VendorClient vendors) : MemberPage
{
    public IReadOnlyList<(CertificationApplication Application, string Vendor)>? Pending { get; private set; }

    public int Total { get; private set; }

    /// <summary>What the last decision did, shown once after its redirect (the application page's).</summary>
    [TempData]
    public string? Notice { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var answer = await certification.PendingAsync(ct);
        if (answer.Value is null)
        {
            return Fail(answer, "The applications could not be found.", "The marketplace") ?? Page();
        }

        var names = new Dictionary<Guid, string>();
        foreach (var vendorId in answer.Value.Items.Select(a => a.VendorId).Distinct())
        {
            names[vendorId] = (await vendors.VendorAsync(vendorId, ct)).Value?.Name ?? $"Vendor {vendorId}";
        }

        Pending = answer.Value.Items.Select(a => (a, names[a.VendorId])).ToList();
        Total = answer.Value.Total;
        return Page();
    }
}
