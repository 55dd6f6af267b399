using Microsoft.Extensions.Logging;
using SolidarityMarket.Web.Api;
using SolidarityMarket.Web.Members;
using static SolidarityMarket.Web.Members.MemberApi;

namespace SolidarityMarket.Web.Admin;

/// <summary>
/// The Catalog's vendor staff API as the administrators' staff page uses it, and the vendor's own staff read it
/// (<c>/me/vendors/{id}/staff</c>), each with their own token (<see cref="MemberApi"/>). The Catalog decides: its staff
/// and administrators read, only administrators change the staff (ADR 0033).
/// </summary>
public sealed class VendorStaffClient(HttpClient http, MemberApi api, ILogger<VendorStaffClient> logger)
    : MemberApiClient(http, api, logger)
{
    /// <summary>The staff now, its version and every change, oldest first; 404 for an unknown vendor.</summary>
    public Task<ApiAnswer<VendorStaffList>> StaffAsync(Guid vendorId, CancellationToken ct) =>
        SendAsync<VendorStaffList>(() => Get($"api/catalog/vendors/{vendorId}/staff"), ct);

    /// <summary>
    /// <c>PUT</c> the whole new list with the reason it is recorded with, worked out from staff version
    /// <paramref name="expectedStaffVersion"/>: 400 naming the field, 409 <c>staff-changed</c> when the staff moved on
    /// since that version, or <c>concurrent-change</c> when another change committed at the same moment; the same list
    /// again changes nothing.
    /// </summary>
    public Task<ApiAnswer<VendorStaffList>> ChangeAsync(Guid vendorId, IReadOnlyList<string> staffUserIds, string reason, int expectedStaffVersion, CancellationToken ct) =>
        SendAsync<VendorStaffList>(() => Put($"api/catalog/vendors/{vendorId}/staff", new { staffUserIds, reason, expectedStaffVersion }), ct);
}
