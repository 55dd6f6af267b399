using System.Security.Claims;
using Microsoft.Extensions.Logging;
using SolidarityMarket.Catalog.Data;
using SolidarityMarket.ServiceDefaults.Auth;

namespace SolidarityMarket.Catalog.Features.Certification;

/// <summary>
/// Per-object authorization of certification: a vendor's staff (its <see cref="Vendor.Staff"/> users) act for the
/// vendor; administrators decide. An administrator who is on a vendor's staff may not decide that vendor's
/// certification (nobody certifies themselves). Every refusal is logged.
/// </summary>
public sealed class CertificationAccess(CatalogDbContext db, ILogger<CertificationAccess> logger)
{
    public Task<bool> IsStaffAsync(ClaimsPrincipal user, Guid vendorId, CancellationToken ct)
    {
        var userId = user.UserId();
        return db.Set<VendorStaff>().AnyAsync(s => s.VendorId == vendorId && s.UserId == userId, ct);
    }

    /// <summary>Staff of the vendor, or an administrator: may read the vendor's applications and audit trail.</summary>
    public async Task<bool> CanReadAsync(ClaimsPrincipal user, Guid vendorId, string what, CancellationToken ct)
    {
        if (user.IsAdmin() || await IsStaffAsync(user, vendorId, ct))
        {
            return true;
        }

        logger.LogWarning("User {UserId} was refused {What} of vendor {VendorId}: not its staff", user.UserId(), what, vendorId);
        return false;
    }

    /// <summary>Staff of the vendor only: may apply for and withdraw its certification.</summary>
    public async Task<bool> CanActForAsync(ClaimsPrincipal user, Guid vendorId, string what, CancellationToken ct)
    {
        if (await IsStaffAsync(user, vendorId, ct))
        {
            return true;
        }

        logger.LogWarning("User {UserId} was refused {What} for vendor {VendorId}: not its staff", user.UserId(), what, vendorId);
        return false;
    }

    /// <summary>An administrator who is not on the vendor's staff: may approve, reject and revoke.</summary>
    public async Task<bool> CanDecideAsync(ClaimsPrincipal user, Guid vendorId, string what, CancellationToken ct)
    {
        if (!user.IsAdmin())
        {
            logger.LogWarning("User {UserId} was refused {What} for vendor {VendorId}: not an administrator", user.UserId(), what, vendorId);
            return false;
        }

        if (await IsStaffAsync(user, vendorId, ct))
        {
            logger.LogWarning("Administrator {UserId} was refused {What} for vendor {VendorId}: they are on its staff", user.UserId(), what, vendorId);
            return false;
        }

        return true;
    }
}
