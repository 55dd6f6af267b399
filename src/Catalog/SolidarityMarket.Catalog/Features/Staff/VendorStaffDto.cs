using SolidarityMarket.Catalog.Data;

namespace SolidarityMarket.Catalog.Features.Staff;

/// <summary>A vendor's staff now, its <see cref="Vendor.StaffVersion"/>, and every change since registration, oldest first.</summary>
public sealed record VendorStaffDto(Guid VendorId, int StaffVersion, List<string> StaffUserIds, List<VendorStaffChangeDto> Changes)
{
    public static async Task<VendorStaffDto> LoadAsync(CatalogDbContext db, Vendor vendorWithStaff, CancellationToken ct)
    {
        var changes = await db.VendorStaffChanges.AsNoTracking().Where(c => c.VendorId == vendorWithStaff.Id).OrderBy(c => c.Id).ToListAsync(ct);
        return new(
            vendorWithStaff.Id, vendorWithStaff.StaffVersion, vendorWithStaff.Staff.Select(s => s.UserId).Order(StringComparer.Ordinal).ToList(),
            changes.Select(c => new VendorStaffChangeDto(c.StaffVersion, c.At, c.ActorUserId, c.Reason, c.Added, c.Removed)).ToList());
    }
}

/// <summary>One change: the version it made, when, which administrator, why, who was added and who removed.</summary>
public sealed record VendorStaffChangeDto(int StaffVersion, DateTimeOffset At, string ActorUserId, string Reason, List<string> Added, List<string> Removed);
