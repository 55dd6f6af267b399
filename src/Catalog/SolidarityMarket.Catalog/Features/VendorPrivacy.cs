using SolidarityMarket.Catalog.Data;

namespace SolidarityMarket.Catalog.Features;

/// <summary>
/// What the public may see of a vendor that is a person (membership category <see cref="MembershipCategory.Individual"/>)
/// rather than an organization: a home address, a private phone and an exact map pin are personal data, so the
/// public view (vendor profile, directory GeoJSON and CSV) leaves out street, postal code, contact email and phone,
/// and rounds the coordinates to <see cref="CoarseStepMicro"/> (0.01°, about 1 km). City, region and country stay,
/// so buyers still find local traders. The vendor's own staff and administrators see everything. ADR 0008.
/// </summary>
public static class VendorPrivacy
{
    /// <summary>0.01° in micro-degrees: about 1.1 km of latitude, at most that of longitude.</summary>
    public const long CoarseStepMicro = 10_000;

    public static bool IsPerson(MembershipCategory category) => category == MembershipCategory.Individual;

    /// <summary>The nearest multiple of <see cref="CoarseStepMicro"/>; stays within ±90/±180 because those are multiples.</summary>
    public static long? Coarsen(long? micro) =>
        micro is { } m ? (long)Math.Round(m / (double)CoarseStepMicro, MidpointRounding.AwayFromZero) * CoarseStepMicro : null;
}
