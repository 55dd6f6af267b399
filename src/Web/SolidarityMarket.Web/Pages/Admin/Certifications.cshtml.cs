using Microsoft.AspNetCore.Mvc;
using SolidarityMarket.Web.Admin;
using SolidarityMarket.Web.Catalog;
using SolidarityMarket.Web.Certification;
using SolidarityMarket.Web.Pages.Me;
using SolidarityMarket.Web.Vendors;

namespace SolidarityMarket.Web.Pages.Admin;

/// <summary>
/// The "Solidarity Made" applications waiting for a decision, oldest first (<c>GET /api/catalog/certification/applications</c>,
/// administrators only; <see cref="CertificationClient.Shown"/> a page, <c>?page=N</c>, kept by the look-up's form), each with its vendor's name (<c>GET /api/catalog/vendors/{id}</c>) and a way to its page. A
/// vendor looked up by its number (<c>?vendor=</c>, kept by the page links) shows its label and its approved applications (a certificate is
/// revoked from the page of the application it was issued on), and links to its staff (<see cref="VendorStaffModel"/>).
/// </summary>
public sealed class CertificationsModel(CertificationClient certification, VendorClient vendors) : AdminPage
{
    public IReadOnlyList<(CertificationApplication Application, string Vendor)>? Pending { get; private set; }

    public int Total { get; private set; }

    /// <summary>The page of applications asked for, as typed (<see cref="PageLinks.Read"/>).</summary>
    [FromQuery(Name = "page")]
    public string? PageAsked { get; set; }

    public PageLinks? Pages { get; private set; }

    /// <summary>The vendor number typed into the lookup, as typed.</summary>
    [FromQuery(Name = "vendor")]
    public string? VendorQuery { get; set; }

    /// <summary>The looked-up vendor's number, name, label and approved applications (newest first).</summary>
    public (Guid Id, string Name, CertificationLabel Label, IReadOnlyList<CertificationApplication> Approved)? LookedUp { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var answer = await certification.PendingAsync(PageLinks.Read(PageAsked, CertificationClient.MaxPage), ct);
        if (answer.Value is null)
        {
            return Fail(answer, "The applications could not be found.", "The marketplace") ?? Page();
        }

        // One look-up per vendor, all at once: a page of applications is up to 100 of them.
        var vendorIds = answer.Value.Items.Select(a => a.VendorId).Distinct().ToList();
        var found = await Task.WhenAll(vendorIds.Select(id => vendors.VendorAsync(id, ct)));
        var names = vendorIds.Zip(found).ToDictionary(p => p.First, p => p.Second.Value?.Name ?? $"Vendor {p.First}");

        Pending = answer.Value.Items.Select(a => (a, names[a.VendorId])).ToList();
        Total = answer.Value.Total;
        // The page links keep the vendor looked up below (and its form keeps the page): the two don't reset each other.
        Pages = new PageLinks(answer.Value.PageNumber, answer.Value.PageSize, Total, "applications", NewestFirst: false, PageLinks.Query("vendor", VendorQuery));
        await NamePeopleAsync(answer.Value.Items.Select(a => a.SubmittedBy), ct);
        return string.IsNullOrWhiteSpace(VendorQuery) ? Page() : await LookUpAsync(VendorQuery.Trim(), ct);
    }

    private async Task<IActionResult> LookUpAsync(string typed, CancellationToken ct)
    {
        if (!Guid.TryParse(typed, out var vendorId))
        {
            Response.StatusCode = 400;
            Errors = ["Write the vendor's number as the API shows it, e.g. 0193a1c2-7e4f-7b3a-9c1d-2e5f6a7b8c9d."];
            return Page();
        }

        var vendor = await vendors.VendorAsync(vendorId, ct);
        var label = await certification.LabelAsync(vendorId, ct);
        var approved = await certification.VendorApplicationsAsync(vendorId, "Approved", ct);
        if (vendor.Value is null || label.Value is null || approved.Value is null)
        {
            var failed = vendor.Value is null ? Fail(vendor, "There is no vendor with that number.", "The marketplace")
                : label.Value is null ? Fail(label, "There is no vendor with that number.", "The marketplace")
                : Fail(approved, "There is no vendor with that number.", "The marketplace");
            return failed ?? Page();
        }

        LookedUp = (vendorId, vendor.Value.Name, label.Value, approved.Value.Items.Reverse().ToList());
        return Page();
    }
}
