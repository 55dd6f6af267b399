using System.Buffers.Binary;
using SolidarityMarket.Catalog.Data;
using SolidarityMarket.Contracts.Catalog;

namespace SolidarityMarket.Catalog.Certification;

/// <summary>
/// The "Solidarity Made" rules shared by the endpoints and the expiry job: how long a certificate lasts, when the
/// reminder goes out, which certificate is current, and the steps that every path records the same way (audit
/// entry, outbox event, the vendor's certification version).
/// </summary>
public static class CertificationRules
{
    public const string Label = "Solidarity Made";

    public const int ValidityMonths = 12;

    public const int MaxEvidenceLength = 4000;

    public const int MaxLinks = 5;

    public const int MaxLinkLength = 500;

    public const int MaxNotesLength = 2000;

    /// <summary>The reminder goes out this long before a certificate's valid-until instant.</summary>
    public static readonly TimeSpan ReminderLead = TimeSpan.FromDays(30);

    /// <summary>
    /// From this instant a certified vendor may apply to renew: when the reminder goes out. An approved renewal
    /// continues the old certificate without a gap (<see cref="Renew"/>).
    /// </summary>
    public static DateTimeOffset RenewalOpensAt(Certificate certificate) => certificate.ValidUntil - ReminderLead;

    /// <summary>A certificate counts only while it is <see cref="CertificateStatus.Valid"/> and before its valid-until instant.</summary>
    public static bool IsCurrent(Certificate certificate, DateTimeOffset now) =>
        certificate.Status == CertificateStatus.Valid && certificate.ValidUntil > now;

    /// <summary>The vendor's certificate that still counts at <paramref name="now"/>, if any.</summary>
    public static Task<Certificate?> CurrentAsync(IQueryable<Certificate> certificates, Guid vendorId, DateTimeOffset now, CancellationToken ct) =>
        certificates.Where(c => c.VendorId == vendorId && c.Status == CertificateStatus.Valid && c.ValidUntil > now)
            .OrderByDescending(c => c.IssuedAt)
            .FirstOrDefaultAsync(ct);

    /// <summary>
    /// A new certificate id: UUIDv7 at <paramref name="now"/>, or — when that would not sort after the vendor's
    /// latest certificate (same millisecond, or a clock that stepped back) — one millisecond past that certificate's
    /// timestamp. Consumers rely on "greater id = later certificate" to order late events (see the Contracts).
    /// </summary>
    public static Guid NextCertificateId(DateTimeOffset now, Guid? latest)
    {
        var id = Guid.CreateVersion7(now);
        if (latest is not { } previous || id.CompareTo(previous) > 0)
        {
            return id;
        }

        Span<byte> bytes = stackalloc byte[16];
        previous.TryWriteBytes(bytes, bigEndian: true, out _);
        var milliseconds = (long)(BinaryPrimitives.ReadUInt64BigEndian(bytes) >> 16);
        return Guid.CreateVersion7(DateTimeOffset.FromUnixTimeMilliseconds(milliseconds + 1));
    }

    /// <summary>
    /// The vendor of <paramref name="decided"/> (an application or a certificate about to change), and then
    /// <paramref name="decided"/> read again. The vendor's <c>CertificationVersion</c> guards the save: a change of its
    /// certification committed after the vendor is read fails it (409), and one committed before is in the row read
    /// again here. Read the other way round, a revocation, decision or expiry committed between the two reads was
    /// overwritten (a review: a revocation undone by a racing approval, a certificate expired twice).
    /// </summary>
    public static async Task<Vendor> VendorThenAgainAsync(CatalogDbContext db, Guid vendorId, object decided, CancellationToken ct)
    {
        var vendor = await db.Vendors.FirstAsync(v => v.Id == vendorId, ct);
        await db.Entry(decided).ReloadAsync(ct);
        return vendor;
    }

    /// <summary>Records one step of the vendor's certification and increments its version (the optimistic lock).</summary>
    public static void Record(
        CatalogDbContext db, Vendor vendor, DateTimeOffset now, string? actorUserId, CertificationAction action,
        string? notes = null, Guid? applicationId = null, Guid? certificateId = null)
    {
        vendor.CertificationVersion++;
        db.CertificationAudit.Add(new CertificationAuditEntry
        {
            VendorId = vendor.Id,
            At = now,
            ActorUserId = actorUserId,
            Action = action,
            Notes = notes,
            ApplicationId = applicationId,
            CertificateId = certificateId,
        });
    }

    /// <summary>
    /// Marks a certificate whose valid-until instant has passed as expired and publishes
    /// <see cref="VendorCertificationExpired"/> — once: only a <see cref="CertificateStatus.Valid"/> certificate is
    /// expired, and the vendor's version makes a concurrent second attempt fail.
    /// </summary>
    public static void Expire(CatalogDbContext db, Vendor vendor, Certificate certificate, DateTimeOffset now)
    {
        if (certificate.Status != CertificateStatus.Valid || certificate.ValidUntil > now)
        {
            throw new InvalidOperationException($"Certificate {certificate.Id} is {certificate.Status} until {certificate.ValidUntil:O}; it cannot expire at {now:O}.");
        }

        certificate.Status = CertificateStatus.Expired;
        certificate.EndedAt = certificate.ValidUntil;
        vendor.CertifiedUntil = null;
        Record(db, vendor, now, actorUserId: null, CertificationAction.Expired, $"Valid until {certificate.ValidUntil:O}.", certificate.ApplicationId, certificate.Id);
        db.Publish(new VendorCertificationExpired(vendor.Id, certificate.Id, certificate.ValidUntil), now);
    }

    /// <summary>Publishes the 30-days-before-expiry reminder and records that it was sent, so it is never sent twice.</summary>
    public static void Remind(CatalogDbContext db, Vendor vendor, Certificate certificate, DateTimeOffset now)
    {
        if (certificate.Status != CertificateStatus.Valid || certificate.ReminderSentAt is not null)
        {
            throw new InvalidOperationException($"Certificate {certificate.Id} is {certificate.Status}, reminder sent at {certificate.ReminderSentAt:O}.");
        }

        certificate.ReminderSentAt = now;
        Record(db, vendor, now, actorUserId: null, CertificationAction.ReminderSent, $"Valid until {certificate.ValidUntil:O}.", certificate.ApplicationId, certificate.Id);
        db.Publish(new VendorCertificationExpiring(vendor.Id, certificate.Id, certificate.ValidUntil), now);
    }

    /// <summary>
    /// Ends <paramref name="current"/> because <paramref name="renewal"/> replaces it. The renewal runs 12 months from
    /// the old valid-until, so renewing early loses no time and the label never lapses. No event for the old
    /// certificate: consumers take the newest certificate (greater id) and the renewal's <c>VendorCertified</c> follows.
    /// </summary>
    public static void Renew(CatalogDbContext db, Vendor vendor, Certificate current, Certificate renewal, DateTimeOffset now)
    {
        current.Status = CertificateStatus.Renewed;
        current.EndedAt = now;
        Record(db, vendor, now, actorUserId: null, CertificationAction.Renewed,
            $"Replaced by certificate {renewal.Id}, valid until {renewal.ValidUntil:O}.", current.ApplicationId, current.Id);
    }
}
