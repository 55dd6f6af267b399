namespace SolidarityMarket.Contracts.Catalog;

/// <summary>
/// A co-op or other member organization joined the marketplace. Ledger opens its credit account from it;
/// Ordering keeps a read copy of the vendor.
/// </summary>
/// <param name="VendorId">The vendor's id in Catalog.</param>
/// <param name="Name">Display name.</param>
/// <param name="MembershipCategory">One of the network's membership categories (see domain.md).</param>
/// <param name="Sector">The sector, which is also the ledger exchange the vendor trades in.</param>
/// <param name="StaffUserIds">Users who act for the vendor (they may read and spend from its account).</param>
/// <param name="RegisteredAt">When Catalog recorded the registration.</param>
/// <param name="VettedByAdministrator">
/// An administrator registered the vendor, so the network has vetted it: Ledger opens its account with the
/// category's default debit limit. Otherwise (self-registration) the account may not go below zero until an
/// administrator grants a limit. Absent in messages from before the field existed, which then count as not vetted:
/// a vendor wrongly held at zero costs an administrator one audited limit change, a debt nobody approved costs money.
/// </param>
public sealed record VendorRegistered(
    Guid VendorId,
    string Name,
    string MembershipCategory,
    string Sector,
    IReadOnlyList<string> StaffUserIds,
    DateTimeOffset RegisteredAt,
    bool VettedByAdministrator = false);
