using MassTransit;
using Microsoft.Extensions.Logging;
using SolidarityMarket.Contracts.Catalog;
using SolidarityMarket.Ordering.Data;
using SolidarityMarket.ServiceDefaults.Messaging;

namespace SolidarityMarket.Ordering.Consumers;

/// <summary>
/// Keeps <see cref="VendorCopy.Certified"/> / <see cref="VendorCopy.CertifiedUntil"/> in step with Catalog's
/// certification events, whatever order they arrive in (a retried outbox row may overtake a later one):
/// <list type="bullet">
/// <item>an event about an older certificate than the one recorded (smaller id) changes nothing;</item>
/// <item>an event about a newer certificate replaces the recorded one: certified for <c>VendorCertified</c>, not
/// certified for an expiry or revocation that overtook its own <c>VendorCertified</c>;</item>
/// <item>for the recorded certificate, an end (expired or revoked) is final: a late <c>VendorCertified</c> does not
/// bring it back.</item>
/// </list>
/// The result is the same for every arrival order. The copy's <see cref="VendorCopy.CertificateId"/> is a
/// concurrency token, so a concurrent change of the same vendor fails and is retried rather than lost.
/// </summary>
public static class VendorCertificationCopy
{
    /// <summary>Applies <c>VendorCertified</c>. Returns false when it was stale or already applied.</summary>
    public static bool ApplyCertified(VendorCopy copy, Guid certificateId, DateTimeOffset validUntil)
    {
        var order = Compare(certificateId, copy.CertificateId);
        if (order < 0 || (order == 0 && (!copy.Certified || copy.CertifiedUntil == validUntil)))
        {
            return false;
        }

        copy.CertificateId = certificateId;
        copy.Certified = true;
        copy.CertifiedUntil = validUntil;
        return true;
    }

    /// <summary>Applies an expiry or a revocation. Returns false when it was stale or already applied.</summary>
    public static bool ApplyEnded(VendorCopy copy, Guid certificateId)
    {
        var order = Compare(certificateId, copy.CertificateId);
        if (order < 0 || (order == 0 && !copy.Certified))
        {
            return false;
        }

        if (order > 0)
        {
            // The end of a certificate whose VendorCertified has not arrived yet: it will find it ended.
            copy.CertificateId = certificateId;
            copy.CertifiedUntil = null;
        }

        copy.Certified = false;
        return true;
    }

    // Catalog issues certificate ids as UUIDv7 that increase per vendor (see the Contracts), and Guid.CompareTo
    // orders UUIDv7 by their timestamp first.
    private static int Compare(Guid incoming, Guid? recorded) => recorded is { } current ? incoming.CompareTo(current) : 1;
}

/// <summary>A vendor was certified: it may take card payments until the certificate's valid-until (if charges are enabled).</summary>
public sealed class CopyVendorCertified(OrderingDbContext db, TimeProvider time, ILogger<CopyVendorCertified> logger)
    : InboxConsumer<VendorCertified, OrderingDbContext>(db, time, logger)
{
    protected override string ConsumerName => "ordering.copy-vendor-certified";

    protected override async Task HandleAsync(VendorCertified message, ConsumeContext<VendorCertified> context)
    {
        var copy = await VendorCopies.FindOrAddAsync(Db, message.VendorId, context.CancellationToken);
        if (VendorCertificationCopy.ApplyCertified(copy, message.CertificateId, message.ValidUntil))
        {
            copy.UpdatedAt = Time.GetUtcNow();
        }
    }
}

/// <summary>A vendor's certificate expired: no more card payments until it is certified again.</summary>
public sealed class CopyVendorCertificationExpired(OrderingDbContext db, TimeProvider time, ILogger<CopyVendorCertificationExpired> logger)
    : InboxConsumer<VendorCertificationExpired, OrderingDbContext>(db, time, logger)
{
    protected override string ConsumerName => "ordering.copy-vendor-certification-expired";

    protected override async Task HandleAsync(VendorCertificationExpired message, ConsumeContext<VendorCertificationExpired> context)
    {
        var copy = await VendorCopies.FindOrAddAsync(Db, message.VendorId, context.CancellationToken);
        if (VendorCertificationCopy.ApplyEnded(copy, message.CertificateId))
        {
            copy.UpdatedAt = Time.GetUtcNow();
        }
    }
}

/// <summary>A vendor's certificate was revoked: no more card payments until it is certified again.</summary>
public sealed class CopyVendorCertificationRevoked(OrderingDbContext db, TimeProvider time, ILogger<CopyVendorCertificationRevoked> logger)
    : InboxConsumer<VendorCertificationRevoked, OrderingDbContext>(db, time, logger)
{
    protected override string ConsumerName => "ordering.copy-vendor-certification-revoked";

    protected override async Task HandleAsync(VendorCertificationRevoked message, ConsumeContext<VendorCertificationRevoked> context)
    {
        var copy = await VendorCopies.FindOrAddAsync(Db, message.VendorId, context.CancellationToken);
        if (VendorCertificationCopy.ApplyEnded(copy, message.CertificateId))
        {
            copy.UpdatedAt = Time.GetUtcNow();
        }
    }
}
