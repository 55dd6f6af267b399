using System.Runtime.CompilerServices;
using SolidarityMarket.Catalog.Data;

namespace SolidarityMarket.Catalog.Features.Directory;

/// <summary>
/// The query behind the solidarity-economy directory (GeoJSON and CSV): every vendor in registration order, with
/// whether it holds a certificate that counts now and until when. Rows are streamed, not buffered. The directory is
/// public, so a vendor that is a person appears without street and postal code and with rounded coordinates
/// (<see cref="VendorPrivacy"/>).
/// </summary>
public static class VendorDirectory
{
    public sealed record Entry(
        Guid Id, string Name, MembershipCategory Category, string Sector, string Region, string? Website,
        string? Street, string? City, string? PostalCode, string? Country, long? LatitudeMicro, long? LongitudeMicro)
    {
        public Entry ForPublic() => VendorPrivacy.IsPerson(Category)
            ? this with { Street = null, PostalCode = null, LatitudeMicro = VendorPrivacy.Coarsen(LatitudeMicro), LongitudeMicro = VendorPrivacy.Coarsen(LongitudeMicro) }
            : this;
    }

    /// <summary>The valid-until of each vendor's certificate that counts at <paramref name="now"/> (at most one per vendor).</summary>
    public static async Task<Dictionary<Guid, DateTimeOffset>> CertifiedUntilAsync(CatalogDbContext db, DateTimeOffset now, CancellationToken ct)
    {
        var current = await db.Certificates.AsNoTracking()
            .Where(c => c.Status == CertificateStatus.Valid && c.ValidUntil > now)
            .Select(c => new { c.VendorId, c.ValidUntil })
            .ToListAsync(ct);
        return current.GroupBy(c => c.VendorId).ToDictionary(g => g.Key, g => g.Max(c => c.ValidUntil));
    }

    public static async IAsyncEnumerable<Entry> PublicEntriesAsync(CatalogDbContext db, bool locatedOnly, [EnumeratorCancellation] CancellationToken ct)
    {
        var vendors = db.Vendors.AsNoTracking();
        if (locatedOnly)
        {
            vendors = vendors.Where(v => v.LatitudeMicro != null && v.LongitudeMicro != null);
        }

        var entries = vendors.OrderBy(v => v.Id)
            .Select(v => new Entry(v.Id, v.Name, v.Category, v.Sector, v.Region, v.Website, v.Street, v.City, v.PostalCode, v.Country, v.LatitudeMicro, v.LongitudeMicro))
            .AsAsyncEnumerable();
        await foreach (var entry in entries.WithCancellation(ct))
        {
            yield return entry.ForPublic();
        }
    }
}
