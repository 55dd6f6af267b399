using System.Security.Claims;
using Microsoft.Extensions.Logging;
using SolidarityMarket.Ordering.Data;
using SolidarityMarket.ServiceDefaults.Auth;

namespace SolidarityMarket.Ordering.Features;

/// <summary>
/// Per-object authorization: a buyer sees their own orders and checkouts; a vendor's staff (from Catalog's
/// <c>VendorRegistered</c>, then its newest <c>VendorStaffChanged</c>) see and handle the vendor's orders; administrators see all. Refusals are logged and
/// answered as "not found", so ids of other people's orders reveal nothing.
/// </summary>
public sealed class OrderingAccess(OrderingDbContext db, ILogger<OrderingAccess> logger)
{
    public async Task<bool> IsVendorStaffAsync(ClaimsPrincipal user, Guid vendorId, CancellationToken ct)
    {
        var userId = user.UserId();
        var staff = await db.Vendors.AsNoTracking().Where(v => v.VendorId == vendorId).Select(v => v.StaffUserIds).FirstOrDefaultAsync(ct);
        return staff is not null && staff.Contains(userId);
    }

    /// <summary>The buyer, the vendor's staff, or an administrator.</summary>
    public async Task<bool> MaySeeAsync(ClaimsPrincipal user, Order order, CancellationToken ct)
    {
        if (user.IsAdmin() || order.BuyerUserId == user.UserId() || await IsVendorStaffAsync(user, order.VendorId, ct))
        {
            return true;
        }

        logger.LogWarning("User {UserId} was refused access to order {OrderId}", user.UserId(), order.Id);
        return false;
    }
}
