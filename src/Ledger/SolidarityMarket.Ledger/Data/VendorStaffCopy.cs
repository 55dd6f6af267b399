namespace SolidarityMarket.Ledger.Data;

/// <summary>
/// The latest staff list of a Catalog vendor the ledger has heard of (from <c>VendorRegistered</c>, version 0, or
/// <c>VendorStaffChanged</c>): the holders of every member account the vendor owns. Kept apart from the accounts
/// because a change may arrive before the vendor's account is opened, and must then still win over the list the
/// registration carried. Every writer of a vendor's holders writes this row too; its version is a concurrency
/// token, so two of them at once cannot both commit (the loser's message is retried and reads the winner's).
/// </summary>
public sealed class VendorStaffCopy
{
    public Guid VendorId { get; set; }

    /// <summary>Catalog's staff version of <see cref="UserIds"/>; an older list never replaces a newer one.</summary>
    public int StaffVersion { get; set; }

    public List<string> UserIds { get; set; } = [];

    public DateTimeOffset UpdatedAt { get; set; }
}
