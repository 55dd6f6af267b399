namespace SolidarityMarket.Catalog.Data;

/// <summary>The published criteria of the "Solidarity Made" self-assessment; an application answers each one.</summary>
public enum CertificationCriterion
{
    DemocraticGovernance,
    WorkerOwnershipOrControl,
    FairPayRatio,
    EnvironmentalPractice,
    CommunityBenefit,
}

public enum CertificationApplicationStatus
{
    /// <summary>Waiting for an administrator; a vendor has at most one such application.</summary>
    Submitted,
    Approved,
    Rejected,
    Withdrawn,
}

public enum CertificateStatus
{
    /// <summary>Issued and not ended; it still stops counting at <see cref="Certificate.ValidUntil"/> even before the job marks it expired.</summary>
    Valid,
    Expired,
    Revoked,

    /// <summary>Ended early because a renewal (a certificate approved in its renewal window) replaced it.</summary>
    Renewed,
}

/// <summary>What an audit entry records; every step of the certification lifecycle writes one.</summary>
public enum CertificationAction
{
    Applied,
    Withdrawn,
    Approved,
    Rejected,
    Revoked,
    ReminderSent,
    Expired,

    /// <summary>A certificate was replaced by its renewal (recorded for the old certificate).</summary>
    Renewed,
}

/// <summary>A vendor's self-assessment against the criteria, submitted by one of its staff and decided by an administrator.</summary>
public sealed class CertificationApplication
{
    public Guid Id { get; set; }

    public Guid VendorId { get; set; }

    /// <summary>The staff user who submitted it.</summary>
    public string SubmittedBy { get; set; } = "";

    public DateTimeOffset SubmittedAt { get; set; }

    public CertificationApplicationStatus Status { get; set; }

    /// <summary>One answer per criterion.</summary>
    public List<CertificationAnswer> Answers { get; set; } = [];

    /// <summary>The administrator who approved or rejected it, or the staff user who withdrew it.</summary>
    public string? DecidedBy { get; set; }

    public DateTimeOffset? DecidedAt { get; set; }

    public string? DecisionNotes { get; set; }

    /// <summary>The certificate issued on approval.</summary>
    public Guid? CertificateId { get; set; }
}

/// <summary>The evidence for one criterion: text and up to five http(s) links.</summary>
public sealed class CertificationAnswer
{
    public Guid ApplicationId { get; set; }

    public CertificationCriterion Criterion { get; set; }

    public string Evidence { get; set; } = "";

    public List<string> Links { get; set; } = [];
}

/// <summary>A "Solidarity Made" certificate: valid for 12 months from issue unless revoked.</summary>
public sealed class Certificate
{
    /// <summary>UUIDv7, greater than every earlier certificate id of the same vendor (see CertificationIds).</summary>
    public Guid Id { get; set; }

    public Guid VendorId { get; set; }

    /// <summary>The approved application it was issued for.</summary>
    public Guid ApplicationId { get; set; }

    public string IssuedBy { get; set; } = "";

    public DateTimeOffset IssuedAt { get; set; }

    public DateTimeOffset ValidUntil { get; set; }

    public CertificateStatus Status { get; set; }

    /// <summary>When it stopped being valid: the revocation instant, or <see cref="ValidUntil"/> once expired.</summary>
    public DateTimeOffset? EndedAt { get; set; }

    public string? RevokedBy { get; set; }

    public string? RevocationReason { get; set; }

    /// <summary>When the 30-days-before-expiry reminder was published (at most once).</summary>
    public DateTimeOffset? ReminderSentAt { get; set; }
}

/// <summary>One step of a vendor's certification history. Append-only: the context refuses to update or delete entries.</summary>
public sealed class CertificationAuditEntry
{
    /// <summary>Database-generated, so entries written in the same instant keep their order.</summary>
    public long Id { get; set; }

    public Guid VendorId { get; set; }

    public DateTimeOffset At { get; set; }

    /// <summary>The user who acted; null for the scheduled expiry job.</summary>
    public string? ActorUserId { get; set; }

    public CertificationAction Action { get; set; }

    public string? Notes { get; set; }

    public Guid? ApplicationId { get; set; }

    public Guid? CertificateId { get; set; }
}
