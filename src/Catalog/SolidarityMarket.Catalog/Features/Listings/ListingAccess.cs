using System.Security.Claims;
using Microsoft.Extensions.Logging;
using SolidarityMarket.Catalog.Data;
using SolidarityMarket.ServiceDefaults.Auth;

namespace SolidarityMarket.Catalog.Features.Listings;

/// <summary>
/// Per-object authorization of listings: the vendor's staff (its <see cref="Vendor.Staff"/> users) and
/// administrators manage a vendor's listings and see its drafts. Every refusal is logged.
/// </summary>
public sealed class ListingAccess(CatalogDbContext db, ILogger<ListingAccess> logger)
{
    public async Task<bool> IsStaffOrAdminAsync(ClaimsPrincipal user, Guid vendorId, CancellationToken ct)
    {
        if (user.IsAdmin())
        {
            return true;
        }

        var userId = user.FindFirstValue(ClaimTypes.NameIdentifier);
        return userId is not null && await db.Set<VendorStaff>().AnyAsync(s => s.VendorId == vendorId && s.UserId == userId, ct);
    }

    /// <summary>Staff of the vendor or an administrator: may create, change, publish and archive its listings.</summary>
    public async Task<bool> CanManageAsync(ClaimsPrincipal user, Guid vendorId, string what, CancellationToken ct)
    {
        if (await IsStaffOrAdminAsync(user, vendorId, ct))
        {
            return true;
        }

        logger.LogWarning("User {UserId} was refused {What} for vendor {VendorId}: not its staff", user.FindFirstValue(ClaimTypes.NameIdentifier), what, vendorId);
        return false;
    }
}
