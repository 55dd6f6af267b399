namespace SolidarityMarket.Catalog.Data;

/// <summary>
/// One change of a vendor's staff, kept forever (append-only, like the certification audit): staff reach the vendor's
/// listings, orders and credit account, so who was given or lost that access, by whom, when and why must be readable
/// afterwards.
/// </summary>
public sealed class VendorStaffChange
{
    /// <summary>Database-generated, so changes keep their order.</summary>
    public long Id { get; set; }

    public Guid VendorId { get; set; }

    /// <summary>The vendor's <see cref="Vendor.StaffVersion"/> after this change.</summary>
    public int StaffVersion { get; set; }

    public DateTimeOffset At { get; set; }

    /// <summary>The administrator who changed it.</summary>
    public string ActorUserId { get; set; } = "";

    public string Reason { get; set; } = "";

    /// <summary>Users given the vendor's access by this change.</summary>
    public List<string> Added { get; set; } = [];

    /// <summary>Users who lost it.</summary>
    public List<string> Removed { get; set; } = [];
}
