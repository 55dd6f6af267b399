using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using SolidarityMarket.Web.Admin;
using SolidarityMarket.Web.Api;
using SolidarityMarket.Web.Vendors;

namespace SolidarityMarket.Web.Pages.Me.Vendors;

/// <summary>
/// Who acts for a vendor, for its own staff, read-only (ADR 0033): the staff now and every change, newest first
/// (<c>GET /api/catalog/vendors/{id}/staff</c>). Only administrators change the staff, so the page says to ask them.
/// Others' e-mail addresses are for administrators only (<c>POST /api/auth/users/lookup</c>), so the signed-in member
/// is "you", everyone else their user number, and whoever made a change "an administrator". Only the vendor's staff
/// (<c>GET /api/catalog/my/vendors</c>) see the page — an administrator not on the staff too gets "not found", as on
/// the other vendor pages, and reads the staff at <c>/admin/vendors/{id}/staff</c> instead. The Catalog decides again.
/// </summary>
public sealed class VendorOwnStaffModel(VendorClient vendors, VendorStaffClient staff) : VendorPage
{
    public const string You = "you";

    public const string AnAdministrator = "an administrator";

    [FromRoute]
    public Guid Id { get; set; }

    public ManagedVendor? Vendor { get; private set; }

    public VendorStaffList? Staff { get; private set; }

    /// <summary>The changes, newest first.</summary>
    public IReadOnlyList<VendorStaffChange> History { get; private set; } = [];

    /// <summary>"you" for the signed-in member (when sign-in learnt their id), else the user id as the Catalog has it.</summary>
    public string Name(string userId) =>
        User.FindFirstValue(ClaimTypes.NameIdentifier) is { Length: > 0 } me && string.Equals(me, userId, StringComparison.OrdinalIgnoreCase) ? You : userId;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var mine = await vendors.MyVendorsAsync(ct);
        if (mine.Value is null)
        {
            return NotShown(mine, VendorListingsModel.NotYours) ?? Page();
        }

        if (mine.Value.FirstOrDefault(v => v.Id == Id) is not { } vendor)
        {
            return NotShown(ApiAnswer.Failed<ManagedVendor>(404), VendorListingsModel.NotYours) ?? Page();
        }

        // Removed from the staff since the first call: the Catalog's 403 reads as "not yours" too.
        var answer = await staff.StaffAsync(Id, ct);
        if (answer.Value is not { } list)
        {
            return NotShown(answer, VendorListingsModel.NotYours) ?? Page();
        }

        (Vendor, Staff, History) = (vendor, list, [.. list.Changes.Reverse()]);
        return Page();
    }
}
