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

    /// <summary>Postal address, each part optional.</summary>
    public string? Street { get; set; }

    public string? City { get; set; }

    public string? PostalCode { get; set; }

    public string? Country { get; set; }

    /// <summary>
    /// Latitude in micro-degrees (degrees × 1,000,000, rounded; about 11 cm), or null when the vendor gave no
    /// location. Stored as an integer, never a floating-point column: storage holds no decimal/double/float (the
    /// architecture tests enforce it for every entity), and a fixed precision compares and round-trips exactly on
    /// every provider. The API converts to and from degrees (<see cref="GeoCoordinates"/>). Set together with
    /// <see cref="LongitudeMicro"/>: both or neither.
    /// </summary>
    public long? LatitudeMicro { get; set; }

    /// <summary>Longitude in micro-degrees; see <see cref="LatitudeMicro"/>.</summary>
    public long? LongitudeMicro { get; set; }

    /// <summary>The vendor's public contact address.</summary>
    public string? ContactEmail { get; set; }

    public string? ContactPhone { get; set; }

    public DateTimeOffset RegisteredAt { get; set; }

    /// <summary>
    /// The caller who registered the vendor under an idempotency key, the key, and the hash of the request it came
    /// with (<see cref="Features.RegisterVendor"/>): a repeat with the same key answers this vendor again instead of
    /// registering a second one. Null for vendors registered without a key.
    /// </summary>
    public string? RegisteredByUserId { get; set; }

    public string? RegistrationKey { get; set; }

    public string? RegistrationHash { get; set; }

    /// <summary>
    /// Valid-until of the vendor's current certificate, null when it holds none: a copy kept by every certification
    /// change (approve, revoke, expire) in the same SaveChanges, for search. The label counts only while it is in
    /// the future, exactly like <see cref="Certification.CertificationRules.IsCurrent"/>.
    /// </summary>
    public DateTimeOffset? CertifiedUntil { get; set; }

    /// <summary>The vendor's card-payment (Stripe connected) account, as Ordering last reported it; null until onboarded.</summary>
    public string? PaymentAccountId { get; set; }

    public bool ChargesEnabled { get; set; }

    public bool PayoutsEnabled { get; set; }

    /// <summary>When Ordering read the account status from the provider; older reports are ignored.</summary>
    public DateTimeOffset? PaymentAccountObservedAt { get; set; }

    /// <summary>Users who may manage the vendor: its listings, orders and account.</summary>
    public List<VendorStaff> Staff { get; set; } = [];

    /// <summary>
    /// Optimistic-concurrency token of the vendor's certification: every certification change (apply, withdraw,
    /// approve, reject, revoke, remind, expire) increments it in the same SaveChanges, so two concurrent changes of
    /// one vendor cannot both commit (no second open application, no second valid certificate, no event twice).
    /// </summary>
    public int CertificationVersion { get; set; }

    /// <summary>
    /// How many times administrators changed <see cref="Staff"/> since registration (0 until the first change). It
    /// orders <c>VendorStaffChanged</c> events for their consumers, and is an optimistic-concurrency token: two
    /// changes of one vendor at once cannot both commit, so neither is lost and no version is published twice.
    /// </summary>
    public int StaffVersion { get; set; }
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
