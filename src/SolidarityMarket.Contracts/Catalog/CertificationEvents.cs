namespace SolidarityMarket.Contracts.Catalog;

// "Solidarity Made" certification events, published by Catalog through its outbox.
//
// Ordering of certificates: a vendor holds at most one valid certificate at a time, and a new certificate is only
// issued after the previous one ended (expired or revoked). Certificate ids are UUIDv7 and Catalog guarantees that
// each new certificate of a vendor has a greater id (Guid.CompareTo) than the vendor's previous ones, so a consumer
// that receives events out of order can tell a late event about an older certificate from one about the current
// certificate: keep the greatest certificate id seen and its latest state (certified, or ended — ended is final).

/// <summary>
/// An administrator approved the vendor's application: it holds a valid "Solidarity Made" certificate until
/// <paramref name="ValidUntil"/> (12 months after <paramref name="CertifiedAt"/>) unless it is revoked.
/// </summary>
/// <param name="VendorId">The vendor's id in Catalog.</param>
/// <param name="CertificateId">The new certificate; greater than any earlier certificate id of the vendor.</param>
/// <param name="ValidUntil">The instant the certificate stops being valid.</param>
/// <param name="CertifiedAt">When the certificate was issued.</param>
public sealed record VendorCertified(Guid VendorId, Guid CertificateId, DateTimeOffset ValidUntil, DateTimeOffset CertifiedAt);

/// <summary>Reminder, sent once per certificate 30 days before it expires: the vendor should prepare to re-apply.</summary>
/// <param name="VendorId">The vendor's id in Catalog.</param>
/// <param name="CertificateId">The certificate that is about to expire.</param>
/// <param name="ValidUntil">The instant it stops being valid.</param>
public sealed record VendorCertificationExpiring(Guid VendorId, Guid CertificateId, DateTimeOffset ValidUntil);

/// <summary>The certificate reached its valid-until instant without being revoked. Published exactly once per certificate.</summary>
/// <param name="VendorId">The vendor's id in Catalog.</param>
/// <param name="CertificateId">The certificate that expired.</param>
/// <param name="ExpiredAt">The instant it stopped being valid (its valid-until, not when the job noticed).</param>
public sealed record VendorCertificationExpired(Guid VendorId, Guid CertificateId, DateTimeOffset ExpiredAt);

/// <summary>An administrator revoked the vendor's certificate before its expiry.</summary>
/// <param name="VendorId">The vendor's id in Catalog.</param>
/// <param name="CertificateId">The revoked certificate.</param>
/// <param name="Reason">The administrator's reason, as recorded in the audit trail.</param>
/// <param name="RevokedAt">When it was revoked.</param>
public sealed record VendorCertificationRevoked(Guid VendorId, Guid CertificateId, string Reason, DateTimeOffset RevokedAt);
