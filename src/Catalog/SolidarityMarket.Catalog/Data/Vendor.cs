namespace SolidarityMarket.Catalog.Data;

/// <summary>A member organization (co-op, association, ...) or an individual that sells through the marketplace.</summary>
public sealed class Vendor
{
    public Guid Id { get; set; }

    public string Name { get; set; } = "";

    public string Description { get; set; } = "";

    public MembershipCategory Category { get; set; }

    /// <summary>The vendor's sector; also the ledger exchange its credit account belongs to.</summary>
    public string Sector { get; set; } = "";

    public string Region { get; set; } = "";

    public string? Website { get; set; }

    public DateTimeOffset RegisteredAt { get; set; }

    /// <summary>Users who may manage the vendor: its listings, orders and account.</summary>
    public List<VendorStaff> Staff { get; set; } = [];

    /// <summary>
    /// Optimistic-concurrency token of the vendor's certification: every certification change (apply, withdraw,
    /// approve, reject, revoke, remind, expire) increments it in the same SaveChanges, so two concurrent changes of
    /// one vendor cannot both commit (no second open application, no second valid certificate, no event twice).
    /// </summary>
    public int CertificationVersion { get; set; }
}

public sealed class VendorStaff
{
    public Guid VendorId { get; set; }

    public string UserId { get; set; } = "";
}

/// <summary>The network's membership categories (from its founding draft); they set default credit limits.</summary>
public enum MembershipCategory
{
    SolidarityEconomyInitiative,
    NetworkOrAssociation,
    SupportOrganization,
    AlliedOrganization,
    Individual,
}
