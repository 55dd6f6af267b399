namespace SolidarityMarket.Contracts.Catalog;

/// <summary>
/// An administrator changed who acts for a vendor. Ledger makes the list the holders of the vendor's credit accounts
/// (who may read and spend from them); Ordering the users who see and handle the vendor's orders. The list is the
/// whole new staff, not a difference, so a consumer needs no earlier message to apply it.
/// </summary>
/// <remarks>
/// Events may arrive out of order, and before the vendor's <see cref="VendorRegistered"/> (another queue):
/// <paramref name="StaffVersion"/> counts the vendor's staff changes (1 for the first; the list registered with the
/// vendor is version 0), so a consumer keeps the list with the greatest version and ignores older ones.
/// </remarks>
/// <param name="VendorId">The vendor's id in Catalog.</param>
/// <param name="StaffUserIds">Every user who acts for the vendor from now on (never empty).</param>
/// <param name="StaffVersion">1 for the vendor's first change, then one more for each.</param>
/// <param name="ChangedAt">When Catalog recorded the change.</param>
public sealed record VendorStaffChanged(
    Guid VendorId,
    IReadOnlyList<string> StaffUserIds,
    int StaffVersion,
    DateTimeOffset ChangedAt);
