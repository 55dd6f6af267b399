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
public sealed record VendorRegistered(
    Guid VendorId,
    string Name,
    string MembershipCategory,
    string Sector,
    IReadOnlyList<string> StaffUserIds,
    DateTimeOffset RegisteredAt);
