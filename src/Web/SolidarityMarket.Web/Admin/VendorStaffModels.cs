namespace SolidarityMarket.Web.Admin;

// The UI's own reading of the Catalog's staff JSON (GET/PUT /api/catalog/vendors/{id}/staff). Kept here, not shared
// with the Catalog: the UI depends on the published API only.

/// <summary>
/// Who acts for a vendor now (user ids), the <see cref="StaffVersion"/> of that list (0: as registered, +1 each change)
/// and every change, oldest first.
/// </summary>
public sealed record VendorStaffList(Guid VendorId, int StaffVersion, IReadOnlyList<string> StaffUserIds, IReadOnlyList<VendorStaffChange> Changes);

/// <summary>One change: the version it made, when, which administrator (a user id), why, who was added and who removed.</summary>
public sealed record VendorStaffChange(int StaffVersion, DateTimeOffset At, string ActorUserId, string Reason, IReadOnlyList<string> Added, IReadOnlyList<string> Removed);
