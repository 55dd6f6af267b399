using Microsoft.Extensions.Logging;
using SolidarityMarket.Catalog.Certification;
using SolidarityMarket.Catalog.Data;

namespace SolidarityMarket.Catalog.Jobs;

/// <summary>
/// Hourly (Hangfire, "catalog" queue): publishes <c>VendorCertificationExpiring</c> once for each valid certificate
/// within 30 days of its valid-until, and marks each certificate whose valid-until has passed as expired with
/// <c>VendorCertificationExpired</c> — exactly once: each certificate is changed in its own transaction, guarded by
/// its status and by the vendor's certification version, so a second run (or a concurrent one on another replica,
/// or an administrator revoking at the same moment) finds nothing left to do. Time comes from the injected
/// <see cref="TimeProvider"/>. The label stops counting at valid-until whether or not the job has run yet.
/// </summary>
public sealed class CertificationExpiry(CatalogDbContext db, TimeProvider time, ILogger<CertificationExpiry> logger)
{
    public const string JobId = "catalog-certification-expiry";

    public sealed record Outcome(int Reminded, int Expired);

    public async Task<Outcome> RunAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();

        var due = await db.Certificates.AsNoTracking()
            .Where(c => c.Status == CertificateStatus.Valid && c.ValidUntil <= now)
            .OrderBy(c => c.ValidUntil).Select(c => c.Id)
            .ToListAsync(cancellationToken);
        var expired = 0;
        foreach (var id in due)
        {
            expired += await ChangeAsync(id, c => c.Status == CertificateStatus.Valid && c.ValidUntil <= now,
                (vendor, certificate) => CertificationRules.Expire(db, vendor, certificate, now), cancellationToken) ? 1 : 0;
        }

        var remindBy = now + CertificationRules.ReminderLead;
        var expiring = await db.Certificates.AsNoTracking()
            .Where(c => c.Status == CertificateStatus.Valid && c.ReminderSentAt == null && c.ValidUntil > now && c.ValidUntil <= remindBy)
            .OrderBy(c => c.ValidUntil).Select(c => c.Id)
            .ToListAsync(cancellationToken);
        var reminded = 0;
        foreach (var id in expiring)
        {
            reminded += await ChangeAsync(id, c => c.Status == CertificateStatus.Valid && c.ReminderSentAt is null && c.ValidUntil > now,
                (vendor, certificate) => CertificationRules.Remind(db, vendor, certificate, now), cancellationToken) ? 1 : 0;
        }

        if (reminded + expired > 0)
        {
            logger.LogInformation("Certification job: {Reminded} expiry reminders sent, {Expired} certificates expired", reminded, expired);
        }

        return new Outcome(reminded, expired);
    }

    /// <summary>Re-reads one certificate, applies <paramref name="change"/> if <paramref name="still"/> holds, commits alone.</summary>
    private async Task<bool> ChangeAsync(Guid certificateId, Func<Certificate, bool> still, Action<Vendor, Certificate> change, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        var certificate = await db.Certificates.FirstOrDefaultAsync(c => c.Id == certificateId, ct);
        if (certificate is null || !still(certificate))
        {
            return false;
        }

        var vendor = await CertificationRules.VendorThenAgainAsync(db, certificate.VendorId, certificate, ct);
        if (!still(certificate))
        {
            return false;
        }

        change(vendor, certificate);
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateConcurrencyException)
        {
            // Another run or an administrator changed this vendor's certification first; the next run looks again.
            logger.LogInformation("Certificate {CertificateId} changed concurrently; left for the next run", certificateId);
            return false;
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }
}
